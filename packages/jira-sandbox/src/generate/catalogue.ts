// The fixed catalogue every dataset shares: the workflow (statuses,
// transitions, resolutions), issue types, priorities, security levels and
// custom fields. Routes and tests address these by id, so the ids are named.
import type {
  SandboxCustomField,
  SandboxIssueType,
  SandboxPriority,
  SandboxResolution,
  SandboxSecurityLevel,
  SandboxStatus,
  SandboxStatusCategory,
  SandboxTransition,
} from '../model.ts';
import { userKey } from './people.ts';

export const STATUS_TO_DO = '10000';
export const STATUS_IN_PROGRESS = '3';
export const STATUS_IN_REVIEW = '10001';
export const STATUS_DONE = '10002';

export const TYPE_EPIC = '10000';
export const TYPE_STORY = '10001';
export const TYPE_TASK = '10002';
export const TYPE_BUG = '10003';
export const TYPE_SUBTASK = '10004';

export const RESOLUTION_DONE = '10000';
export const RESOLUTION_WONT_DO = '10001';
export const RESOLUTION_DUPLICATE = '10002';

export const LEVEL_INTERNAL = '10100';
export const LEVEL_RESTRICTED = '10101';

export const CF_STORY_POINTS = 'customfield_10002';
export const CF_SPRINT = 'customfield_10005';
export const CF_EPIC_LINK = 'customfield_10006';
export const CF_SEVERITY = 'customfield_10100';
export const CF_REVIEWERS = 'customfield_10101';

export function buildStatusCategories(): SandboxStatusCategory[] {
  return [
    { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
    { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
    { id: 3, key: 'done', colorName: 'green', name: 'Done' },
  ];
}

export function buildStatuses(): SandboxStatus[] {
  return [
    { id: STATUS_TO_DO, name: 'To Do', description: 'Work that has not started.', categoryKey: 'new' },
    {
      id: STATUS_IN_PROGRESS,
      name: 'In Progress',
      description: 'Someone is working on this issue.',
      categoryKey: 'indeterminate',
    },
    {
      id: STATUS_IN_REVIEW,
      name: 'In Review',
      description: 'The work is waiting for review.',
      categoryKey: 'indeterminate',
    },
    { id: STATUS_DONE, name: 'Done', description: 'The work is finished.', categoryKey: 'done' },
  ];
}

export function buildTransitions(): SandboxTransition[] {
  return [
    { id: '11', name: 'Start Progress', toStatusId: STATUS_IN_PROGRESS, fromStatusIds: [STATUS_TO_DO] },
    {
      id: '21',
      name: 'Submit for Review',
      toStatusId: STATUS_IN_REVIEW,
      fromStatusIds: [STATUS_IN_PROGRESS],
    },
    {
      id: '31',
      name: 'Done',
      toStatusId: STATUS_DONE,
      fromStatusIds: [STATUS_IN_REVIEW, STATUS_IN_PROGRESS],
    },
    { id: '41', name: 'Reopen', toStatusId: STATUS_TO_DO, fromStatusIds: [STATUS_DONE] },
    { id: '51', name: 'Stop Progress', toStatusId: STATUS_TO_DO, fromStatusIds: [STATUS_IN_PROGRESS] },
    { id: '61', name: 'Request Changes', toStatusId: STATUS_IN_PROGRESS, fromStatusIds: [STATUS_IN_REVIEW] },
  ];
}

export function buildIssueTypes(): SandboxIssueType[] {
  return [
    {
      id: TYPE_EPIC,
      name: 'Epic',
      description: 'A big user story that needs to be broken down.',
      subtask: false,
      hierarchyLevel: 1,
    },
    {
      id: TYPE_STORY,
      name: 'Story',
      description: 'Functionality or a feature expressed as a user goal.',
      subtask: false,
      hierarchyLevel: 0,
    },
    {
      id: TYPE_TASK,
      name: 'Task',
      description: 'A task that needs to be done.',
      subtask: false,
      hierarchyLevel: 0,
    },
    {
      id: TYPE_BUG,
      name: 'Bug',
      description: 'A problem which impairs or prevents the functions of the product.',
      subtask: false,
      hierarchyLevel: 0,
    },
    {
      id: TYPE_SUBTASK,
      name: 'Sub-task',
      description: 'The sub-task of the issue.',
      subtask: true,
      hierarchyLevel: -1,
    },
  ];
}

export function buildPriorities(): SandboxPriority[] {
  return [
    { id: '1', name: 'Highest', statusColor: '#d04437', description: 'This problem will block progress.' },
    {
      id: '2',
      name: 'High',
      statusColor: '#f15c75',
      description: 'Serious problem that could block progress.',
    },
    { id: '3', name: 'Medium', statusColor: '#f79232', description: 'Has the potential to affect progress.' },
    { id: '4', name: 'Low', statusColor: '#707070', description: 'Minor problem or easily worked around.' },
    {
      id: '5',
      name: 'Lowest',
      statusColor: '#999999',
      description: 'Trivial problem with little or no impact.',
    },
  ];
}

export function buildResolutions(): SandboxResolution[] {
  return [
    { id: RESOLUTION_DONE, name: 'Done', description: 'Work has been completed on this issue.' },
    { id: RESOLUTION_WONT_DO, name: "Won't Do", description: 'This issue will not be actioned.' },
    {
      id: RESOLUTION_DUPLICATE,
      name: 'Duplicate',
      description: 'The problem is a duplicate of an existing issue.',
    },
  ];
}

export function buildSecurityLevels(): SandboxSecurityLevel[] {
  return [
    {
      id: LEVEL_INTERNAL,
      name: 'Internal',
      description: 'Only staff with internal clearance.',
      memberKeys: [userKey('admin'), userKey('alice')],
    },
    {
      id: LEVEL_RESTRICTED,
      name: 'Restricted',
      description: 'Only the operations leads.',
      memberKeys: [userKey('admin'), userKey('dave')],
    },
  ];
}

export function buildCustomFields(): SandboxCustomField[] {
  return [
    {
      numericId: 10002,
      id: CF_STORY_POINTS,
      name: 'Story Points',
      kind: 'storyPoints',
      schemaType: 'number',
      schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
    },
    {
      numericId: 10005,
      id: CF_SPRINT,
      name: 'Sprint',
      kind: 'sprint',
      schemaType: 'array',
      schemaItems: 'string',
      schemaCustom: 'com.pyxis.greenhopper.jira:gh-sprint',
    },
    {
      numericId: 10006,
      id: CF_EPIC_LINK,
      name: 'Epic Link',
      kind: 'epicLink',
      schemaType: 'any',
      schemaCustom: 'com.pyxis.greenhopper.jira:gh-epic-link',
    },
    {
      numericId: 10100,
      id: CF_SEVERITY,
      name: 'Severity',
      kind: 'select',
      schemaType: 'option',
      schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      options: [
        { id: '10200', value: 'S1 - Critical' },
        { id: '10201', value: 'S2 - Major' },
        { id: '10202', value: 'S3 - Minor' },
      ],
    },
    {
      numericId: 10101,
      id: CF_REVIEWERS,
      name: 'Reviewers',
      kind: 'multiUser',
      schemaType: 'array',
      schemaItems: 'user',
      schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker',
    },
  ];
}
