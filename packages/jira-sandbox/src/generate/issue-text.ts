// The words of generated issues: summaries, wiki-markup descriptions and
// comment bodies, shaped by issue type and drawn from the seeded stream.
import type { Faker } from '@faker-js/faker';
import type { SandboxProject } from '../model.ts';
import { TYPE_BUG, TYPE_EPIC, TYPE_STORY, TYPE_SUBTASK } from './catalogue.ts';
import type { Rng } from './random.ts';

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

const CANNED_COMMENTS = [
  'Looks good to me.',
  "I'll take a look today.",
  'Deployed to staging, please verify.',
  'Can we add a test for this?',
  'Still reproducible on the latest build.',
  'Moving this to the next sprint.',
];
const WORKLOG_COMMENTS = ['Implementation', 'Code review', 'Investigation', 'Testing', 'Pairing session', ''];

/** Text pools drawn once per dataset from the seeded faker: far cheaper than
 *  calling faker's sentence builders per issue, and still seed-dependent. */
export interface TextPools {
  phrases: string[];
  codeBlocks: string[];
}

export function buildTextPools(faker: Faker): TextPools {
  const phrases = Array.from({ length: 400 }, () => capitalize(faker.hacker.phrase()));
  const codeBlocks = Array.from({ length: 40 }, (_, i) => {
    const noun = faker.hacker.noun().replace(/\W+/g, '');
    const cls = `${capitalize(noun)}Service`;
    switch (i % 4) {
      case 0:
        return [
          '{code:java}',
          `java.lang.IllegalStateException: ${noun} is not ready`,
          `    at com.example.${noun}.${cls}.${faker.hacker.verb().replace(/\W+/g, '')}(${cls}.java:${faker.number.int({ min: 20, max: 900 })})`,
          `    at com.example.${noun}.${cls}Handler.handle(${cls}Handler.java:${faker.number.int({ min: 20, max: 400 })})`,
          '{code}',
        ].join('\n');
      case 1:
        return [
          '{code:json}',
          `{ "${noun}": "${faker.hacker.adjective()}", "retries": ${faker.number.int(9)}, "enabled": true }`,
          '{code}',
        ].join('\n');
      case 2:
        return [
          '{code:bash}',
          `curl -s -H "Authorization: Bearer $TOKEN" https://jira.example.com/rest/api/2/${noun}`,
          '{code}',
        ].join('\n');
      default:
        return [
          '{noformat}',
          `ERROR [${noun}-worker-${faker.number.int(16)}] ${capitalize(faker.hacker.ingverb())} ${noun} failed after ${faker.number.int({ min: 100, max: 30000 })} ms`,
          '{noformat}',
        ].join('\n');
    }
  });
  return { phrases, codeBlocks };
}

/** Writes an issue's text; every draw comes from the one seeded stream. */
export class IssueText {
  constructor(
    private readonly faker: Faker,
    private readonly rng: Rng,
    private readonly pools: TextPools,
  ) {}

  summary(typeId: string, project: SandboxProject): string {
    const h = this.faker.hacker;
    const r = this.rng.int(3);
    switch (typeId) {
      case TYPE_EPIC:
        return capitalize(this.faker.company.buzzPhrase());
      case TYPE_STORY:
        if (r === 0) return `As a user I want to ${h.verb()} the ${h.adjective()} ${h.noun()}`;
        if (r === 1) return `Allow users to ${h.verb()} the ${h.noun()}`;
        return `Support ${h.adjective()} ${h.noun()} in ${this.rng.pick(project.components).name}`;
      case TYPE_BUG:
        if (r === 0)
          return `${capitalize(h.noun())} fails to ${h.verb()} when ${h.ingverb()} the ${h.noun()}`;
        if (r === 1) return `Error when ${h.ingverb()} the ${h.adjective()} ${h.noun()}`;
        return `${capitalize(h.adjective())} ${h.noun()} shows the wrong ${h.noun()}`;
      case TYPE_SUBTASK:
        if (r === 0) return `Write tests for the ${h.noun()}`;
        if (r === 1) return `Review ${h.noun()} changes`;
        return `Implement the ${h.adjective()} ${h.noun()}`;
      default:
        if (r === 0) return `${capitalize(h.verb())} the ${h.adjective()} ${h.noun()}`;
        if (r === 1) return `Upgrade the ${h.noun()} dependencies`;
        return `Document the ${h.adjective()} ${h.noun()}`;
    }
  }

  private bullets(prefix: string, min: number, max: number): string {
    const n = this.rng.range(min, max);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${prefix} ${this.rng.pick(this.pools.phrases)}`);
    return lines.join('\n');
  }

  /** Jira wiki markup, shaped by issue type; sometimes absent. */
  description(typeId: string): string | null {
    const rng = this.rng;
    if (rng.chance(0.15)) return null;
    const phrase = () => rng.pick(this.pools.phrases);
    const parts: string[] = [];
    if (typeId === TYPE_BUG) {
      parts.push('h2. Steps to reproduce', this.bullets('#', 2, 4));
      parts.push(`*Expected:* ${phrase()}`, `*Actual:* ${phrase()}`);
      if (rng.chance(0.4)) parts.push(rng.pick(this.pools.codeBlocks));
    } else if (typeId === TYPE_EPIC) {
      parts.push('h2. Goal', `${phrase()} ${phrase()}`, 'h2. Scope', this.bullets('*', 2, 4));
    } else {
      parts.push('h2. Context', phrase());
      if (rng.chance(0.7)) parts.push('h2. Acceptance criteria', this.bullets('*', 1, 3));
      if (rng.chance(0.15)) parts.push(rng.pick(this.pools.codeBlocks));
    }
    return parts.join('\n\n');
  }

  commentBody(): string {
    const rng = this.rng;
    const r = rng.next();
    if (r < 0.25) return rng.pick(CANNED_COMMENTS);
    if (r < 0.35) return `${rng.pick(this.pools.phrases)}\n\n${rng.pick(this.pools.codeBlocks)}`;
    if (r < 0.5) return `Some notes:\n${this.bullets('*', 2, 3)}`;
    if (r < 0.6) return `*Update:* ${rng.pick(this.pools.phrases)}`;
    return rng.pick(this.pools.phrases);
  }

  worklogComment(): string {
    return this.rng.pick(WORKLOG_COMMENTS);
  }
}
