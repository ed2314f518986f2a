import { builder } from './builder.ts';
import './user.ts';
import './access-token.ts';
import './viewer.ts';
import './sign-in.ts';
import './token-mutations.ts';
import './issue.ts';
import './admin.ts';

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSchema({ sortSchema: true });
