import { builder } from './builder.ts';

// The gateway's read API is built in later issues; until then the schema is
// the minimum that prints, so the drift check has something to compare.
builder.queryType({
  fields: (t) => ({
    version: t.string({
      description: 'The version of jgg answering.',
      resolve: () => '0.1.0',
    }),
  }),
});
