// What a text or Markdown source is cleaned of before conversion: Windows and
// old Mac line ends become \n, and control characters other than tab and
// newline are dropped. Jira stores text in XML exports and its database,
// where NUL and most C0 controls are invalid, so it refuses or corrupts them;
// none of them shows on screen anyway.

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVISIBLE_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function normalizeInputText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE_CONTROL_CHARACTERS, '');
}
