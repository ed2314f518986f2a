// JQL that Jira rejects, with Jira's own wording: syntax errors, then
// validation errors (unknown fields, values, functions and operators).
import { describe, expect, it } from 'vitest';
import { JqlError } from '../src/jql/index.ts';
import { DATE_FORMATS, errors, OPERATORS, setup } from './jql-harness.ts';

describe('JQL: syntax errors', () => {
  it.each<[string, string]>([
    [
      'project foo ENG',
      `Expecting operator but got 'foo'. The valid operators are ${OPERATORS}. (line 1, character 9)`,
    ],
    ['project', `Expecting operator before the end of the query. The valid operators are ${OPERATORS}.`],
    [
      'project = AND status = Done',
      "Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 11)",
    ],
    ['project = ENG ORDER x', "Expecting 'by' but got 'x'. (line 1, character 21)"],
    ['project = ENG foo = bar', "Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 15)"],
    ['status = "In Review" foo', "Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 22)"],
    ['summary ~ "abc', "The quoted string 'abc' has not been completed. (line 1, character 11)"],
    ["summary ~ 'abc\ndef", "The quoted string 'abc def' has not been completed. (line 1, character 11)"],
    ['(project = ENG', "Expecting ')' before the end of the query."],
    ['project in (ENG, MKT', "Expecting ')' before the end of the query."],
    ['project =', 'Expecting either a value, list or function before the end of the query.'],
    ['project = ENG AND', 'Expecting a field name at the end of the query.'],
    [
      ', project = ENG',
      "Expecting a field name but got ','. You must surround ',' in quotation marks to use it as a field name. (line 1, character 1)",
    ],
    [
      'project = ENG\nAND ) ',
      "Expecting a field name but got ')'. You must surround ')' in quotation marks to use it as a field name. (line 2, character 5)",
    ],
    ['[10002] = 3', "Expecting a field name but got '['. Did you mean 'cf['? (line 1, character 1)"],
    ['cf[abc] = 1', "Expecting a custom field id (a positive number) but got 'abc'. (line 1, character 4)"],
    ['cf[10002 = 1', "Expecting ']' but got '='. (line 1, character 10)"],
    ['"" = x', 'A field name cannot be empty. (line 1, character 1)'],
    ['assignee not is EMPTY', "Expecting 'IN' but got 'is'. (line 1, character 14)"],
    ['assignee is ! EMPTY', "Expecting 'NOT' but got '!'. (line 1, character 13)"],
    ['project = ENG ORDER BY', 'Expecting a field name at the end of the query.'],
    ['project = ENG ORDER BY key DESC summary', "Expecting ',' but got 'summary'. (line 1, character 33)"],
    [
      'project = ENG ORDER BY key foo',
      "Expecting either 'ASC' or 'DESC' but got 'foo'. (line 1, character 28)",
    ],
    [
      'ORDER BY asc',
      "Expecting a field name but got 'asc'. You must surround 'asc' in quotation marks to use it as a field name. (line 1, character 10)",
    ],
    ['created > startOfDay(', "Expecting ')' before the end of the query."],
    ['created > startOfDay(-1d,)', 'Function argument must be specified. (line 1, character 26)'],
    ['created > startOfDay(-1d x)', "Expecting ')' or ',' but got 'x'. (line 1, character 26)"],
    [
      'summary ~ for',
      "'for' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)",
    ],
    [
      'status = Done {',
      "The character '{' is a reserved JQL character. You must enclose it in a string or use the escape '\\u007b' instead. (line 1, character 15)",
    ],
    [
      'summary ~ "a\\qb"',
      "'\\q' is an illegal JQL escape sequence. The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX. (line 1, character 13)",
    ],
  ])('%j', (jql, message) => {
    expect(errors(jql)).toEqual([`Error in the JQL Query: ${message}`]);
  });

  it('JqlError carries the messages and is an Error', () => {
    let caught: unknown;
    try {
      setup('project = ');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JqlError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as JqlError).messages).toHaveLength(1);
  });
});

describe('JQL: validation errors', () => {
  it.each<[string, string[]]>([
    ['foo = bar', ["Field 'foo' does not exist or you do not have permission to view it."]],
    [
      '"No Such Field" = 1',
      ["Field 'No Such Field' does not exist or you do not have permission to view it."],
    ],
    ['cf[99999] = 1', ["Field 'cf[99999]' does not exist or you do not have permission to view it."]],
    ['project = XYZ', ["The value 'XYZ' does not exist for the field 'project'."]],
    ['Project = XYZ', ["The value 'XYZ' does not exist for the field 'Project'."]],
    [
      'project in (XYZ, ENG, ABC) AND status = Nope',
      [
        "The value 'XYZ' does not exist for the field 'project'.",
        "The value 'ABC' does not exist for the field 'project'.",
        "The value 'Nope' does not exist for the field 'status'.",
      ],
    ],
    ['assignee = zed', ["The value 'zed' does not exist for the field 'assignee'."]],
    ['sprint = "No Sprint"', ["The value 'No Sprint' does not exist for the field 'sprint'."]],
    ['Severity = S9', ["The option 'S9' for field 'Severity' does not exist."]],
    ['key = ENG-99', ["An issue with key 'ENG-99' does not exist for field 'key'."]],
    ['key = foo', ["The issue key 'foo' for field 'key' is invalid."]],
    ['project ~ ENG', ["The operator '~' is not supported by the 'project' field."]],
    ['summary = login', ["The operator '=' is not supported by the 'summary' field."]],
    ['text !~ login', ["The operator '!~' is not supported by the 'text' field."]],
    ['status > Done', ["The operator '>' is not supported by the 'status' field."]],
    ['status was Done', ["The operator 'was' is not supported by the 'status' field."]],
    ['created > tomorrow', [`Date value 'tomorrow' for field 'created' is invalid. ${DATE_FORMATS}`]],
    ['duedate = "2026-02-30"', [`Date value '2026-02-30' for field 'duedate' is invalid. ${DATE_FORMATS}`]],
    ['assignee = foo()', ["Unable to find JQL function 'foo()'."]],
    ['assignee in bar(1, x)', ["Unable to find JQL function 'bar(1, x)'."]],
    [
      'created > currentUser()',
      ["A value provided by the function 'currentUser' is invalid for the field 'created'."],
    ],
    ['created > now(1)', ["Function 'now' expected '0' arguments but received '1'."]],
    [
      'created > startOfDay(1, 2)',
      ["Function 'startOfDay' expected between '0' and '1' arguments but received '2'."],
    ],
    [
      'created > startOfDay("soon")',
      [
        "Duration for function 'startOfDay' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier.",
      ],
    ],
    [
      'assignee in membersOf(nobody)',
      [
        "Function 'membersOf' can not generate a list of usernames for group 'nobody'; the group does not exist.",
      ],
    ],
    ['project in ENG', ["Operator 'in' does not support the non-list value '\"ENG\"' for field 'project'."]],
    [
      'project = (ENG, 10002)',
      ["Operator '=' does not support the list value '(\"ENG\", 10002)' for field 'project'."],
    ],
    [
      'sprint = openSprints()',
      ["Operator '=' does not support the list value 'openSprints()' for field 'sprint'."],
    ],
    [
      'assignee is alice',
      ["Operator 'is' does not support searching for non-empty values for field 'assignee'."],
    ],
    [
      'created > EMPTY',
      ["Operator '>' does not support the empty value representation 'EMPTY' for field 'created'."],
    ],
    ['summary ~ ""', ["The field 'summary' does not support searching for an empty string."]],
    [
      'summary ~ "*gin"',
      [
        "The text query '*gin' for field 'summary' is not valid: probably your use of wildcard characters is not correct.",
      ],
    ],
    ['rank = 1', ["Field 'rank' is not searchable, it is only sortable."]],
    ['ORDER BY foo', ["Not able to sort using field 'foo'."]],
    ['project = ENG ORDER BY description', ["Field 'description' does not support sorting."]],
    [
      'foo = 1 AND project = XYZ ORDER BY bar',
      [
        "Field 'foo' does not exist or you do not have permission to view it.",
        "The value 'XYZ' does not exist for the field 'project'.",
        "Not able to sort using field 'bar'.",
      ],
    ],
  ])('%j', (jql, messages) => {
    expect(errors(jql)).toEqual(messages);
  });
});
