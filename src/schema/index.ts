import { builder } from './builder.ts';
import './user.ts';
import './access-token.ts';
import './viewer.ts';
import './sign-in.ts';
import './token-mutations.ts';
import './token-policy.ts';
import './rate-limit.ts';
import './issue/issue.ts';
import './issue/search.ts';
import './issue/activity.ts';
import './issue/status-history.ts';
import './admin.ts';
import './project.ts';
import './field-catalog.ts';
import './agile.ts';
import './issue/custom-fields.ts';
import './writes/issue-mutations.ts';
import './writes/comment-mutations.ts';
import './writes/worklog-mutations.ts';

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSchema({ sortSchema: true });
