import SchemaBuilder from '@pothos/core';

// Builder configuration only; types live in one file per domain (design.md).
export const builder = new SchemaBuilder<{
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
  };
}>({});
