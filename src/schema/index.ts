import { builder } from './builder.ts';
import './query.ts';

export const schema = builder.toSchema();
