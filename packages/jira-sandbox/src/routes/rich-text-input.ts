// Rich text in request bodies: ADF documents on Cloud's v3, wiki strings
// elsewhere; read as the wiki text the sandbox stores.
import { fieldErrors, type RouteContext, type RouteResult } from '../http.ts';
import { adfToWiki, isAdfDoc, plainText } from '../representation/adf.ts';

/** Wiki text from a rich-text value: ADF on Cloud's v3, a string elsewhere.
 *  Answers null for a value of the wrong kind. */
export function richTextInput(ctx: RouteContext, value: unknown): string | null {
  if (ctx.apiVersion === '3') return isAdfDoc(value) ? adfToWiki(value) : null;
  return typeof value === 'string' ? value : null;
}

/** The text of a comment body, or the 400 Jira gives for a bad one: Cloud's
 *  v3 wants a document and calls anything else "not valid". */
export function commentBodyInput(ctx: RouteContext, value: unknown): string | RouteResult {
  const empty = fieldErrors({ comment: 'Comment body can not be empty!' });
  if (value === undefined || value === null || value === '') return empty;
  if (ctx.apiVersion === '3') {
    if (!isAdfDoc(value)) return fieldErrors({ comment: 'Comment body is not valid!' });
    return plainText(value).trim() === '' ? empty : adfToWiki(value);
  }
  return typeof value === 'string' && value.trim() !== '' ? value : empty;
}
