// Rich text as a write takes it (a description, a comment, a worklog
// comment): exactly one of plain text, Markdown, raw wiki markup or a raw ADF
// document. The conversion to what each flavour stores is jira/markup's.
import { gatewayError } from '../../errors.ts';
import {
  type AdfDocument,
  jiraRichTexts,
  RichTextInputError,
  type RichTextSource,
} from '../../jira/markup/rich-text-body.ts';
import type { JiraFlavor } from '../../jira/types.ts';
import { builder } from '../builder.ts';

export const RichTextInput = builder.inputType('RichTextInput', {
  description:
    'Rich text for a write: set exactly one field. text and markdown become wiki markup on Data Center and ' +
    'Atlassian Document Format on Cloud; wiki is sent as is (on Cloud through its /rest/api/2, which converts it); ' +
    'adf is a raw ADF document (Cloud only).',
  fields: (t) => ({
    text: t.string({ required: false, description: 'Plain text: nothing in it is markup.' }),
    markdown: t.string({ required: false, description: 'CommonMark / GitHub-flavoured Markdown.' }),
    wiki: t.string({ required: false, description: 'Jira wiki markup, sent as is.' }),
    adf: t.field({
      type: 'JSON',
      required: false,
      description: 'An Atlassian Document Format document (Cloud).',
    }),
  }),
});

export type RichTextValue = RichTextSource;

/** The bodies of one write, converted for the flavour, and the REST prefix that takes them. */
export interface ConvertedRichText {
  bodies: Map<string, string | AdfDocument>;
  /** Cloud with wiki sources: the write goes through /rest/api/2, which takes wiki markup. */
  apiPrefix: '/rest/api/2' | undefined;
}

/** Converts a write's rich texts (by field name), or answers BAD_USER_INPUT naming the field. */
export function convertRichTexts(
  flavor: JiraFlavor,
  sources: ReadonlyArray<{ field: string; source: RichTextValue }>,
): ConvertedRichText {
  if (sources.length === 0) return { bodies: new Map(), apiPrefix: undefined };
  try {
    const { dialect, bodies } = jiraRichTexts(sources, flavor);
    return { bodies, apiPrefix: flavor === 'cloud' && dialect === 'wiki' ? '/rest/api/2' : undefined };
  } catch (error) {
    if (error instanceof RichTextInputError) {
      throw gatewayError('BAD_USER_INPUT', error.message, { fieldErrors: { [error.field]: error.message } });
    }
    throw error;
  }
}
