// Custom field values shaped by the field's schema, for the schemas the
// sandbox does not carry: Advanced Roadmaps' Parent Link points at an issue
// (so a restricted token's write is checked against its projects), and a type
// the gateway does not know passes through for an unrestricted token only.
import { describe, expect, it } from 'vitest';
import { customFieldValue, FieldErrors } from '../../../src/schema/writes/issue-fields-input.ts';

const field = (id: string, name: string, schema: Record<string, string>) => ({
  id,
  name,
  custom: true,
  schema,
});
const parentLink = field('customfield_10200', 'Parent Link', {
  type: 'any',
  custom: 'com.atlassian.jpo:jpo-custom-field-parent',
});
const projectPicker = field('customfield_10300', 'Home Project', {
  type: 'project',
  custom: 'com.atlassian.jira.plugin.system.customfieldtypes:project',
});
const issuePicker = field('customfield_10400', 'Related', {
  type: 'array',
  items: 'issuelinks',
  custom: 'com.example:issue-picker',
});

describe('customFieldValue', () => {
  it('reads a Parent Link as an issue the write points at, like an Epic Link', () => {
    const errors = new FieldErrors();
    const shaped = customFieldValue('datacenter', parentLink, ' ops-7 ', errors, true);
    expect(shaped).toEqual({ value: 'OPS-7', issueKey: 'OPS-7' });
    expect(errors.errors).toEqual({});
  });

  it('refuses a Parent Link that is not an issue key', () => {
    const errors = new FieldErrors();
    customFieldValue('datacenter', parentLink, 42, errors, false);
    expect(errors.errors.customfield_10200).toMatch(/an issue key/);
  });

  it.each([
    ['a project picker', projectPicker, { key: 'OPS' }],
    ['a list of an unknown item type', issuePicker, ['OPS-1']],
  ])('refuses %s for a token restricted to projects, naming the field', (_label, f, value) => {
    const errors = new FieldErrors();
    expect(customFieldValue('cloud', f, value, errors, true)).toEqual({});
    expect(errors.errors[f.id]).toMatch(/cannot check against the token's projects/);
    expect(() => errors.throwIfAny()).toThrow(/Nothing was changed/);
  });

  it.each([
    ['a project picker', projectPicker, { key: 'OPS' }],
    ['a list of an unknown item type', issuePicker, ['OPS-1']],
  ])("passes %s through as Jira's own JSON for an unrestricted token", (_label, f, value) => {
    const errors = new FieldErrors();
    expect(customFieldValue('cloud', f, value, errors, false)).toEqual({ value });
    expect(errors.errors).toEqual({});
  });

  it('clears any field with null, restricted or not', () => {
    const errors = new FieldErrors();
    expect(customFieldValue('cloud', projectPicker, null, errors, true)).toEqual({ value: null });
    expect(errors.errors).toEqual({});
  });
});
