// Recursive-descent JQL parser producing a typed AST. Grammar (keywords are
// case-insensitive; precedence NOT > AND > OR):
//
//   query    := [or] [ORDER BY sort ("," sort)*] EOF
//   or       := and ((OR | "||" | "|") and)*
//   and      := not ((AND | "&&" | "&") not)*
//   not      := (NOT | "!") not | "(" or ")" | terminal
//   terminal := field operator operand
//   field    := word | string | CF "[" number "]"
//   operator := = != ~ !~ < <= > >= | IN | NOT IN | IS | IS NOT
//   operand  := value | EMPTY | NULL | name "(" [arg ("," arg)*] ")" | "(" operand ("," operand)* ")"
//   sort     := field [ASC | DESC]
//
// Error wording and positions follow Jira's parser messages.
import { JqlError, syntaxError, VALID_OPERATORS } from './errors.ts';
import { type Token, tokenize } from './lexer.ts';

export type Operator = '=' | '!=' | '~' | '!~' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

export interface FieldRef {
  /** The name as written (Jira's messages echo it); cf[n] for custom field ids. */
  name: string;
  /** n of cf[n], or null for a named field. */
  cfId: number | null;
  offset: number;
}

export interface ValueOperand {
  kind: 'value';
  value: string;
  /** Unquoted digits are numbers to Jira (ids before names); quoted ones are names first. */
  quoted: boolean;
  offset: number;
}

export interface EmptyOperand {
  kind: 'empty';
  offset: number;
}

export interface FunctionOperand {
  kind: 'function';
  name: string;
  args: string[];
  offset: number;
}

export interface ListOperand {
  kind: 'list';
  items: Operand[];
  offset: number;
}

export type Operand = ValueOperand | EmptyOperand | FunctionOperand | ListOperand;

export interface TerminalClause {
  kind: 'terminal';
  field: FieldRef;
  operator: Operator;
  operand: Operand;
}

export interface AndClause {
  kind: 'and';
  clauses: Clause[];
}

export interface OrClause {
  kind: 'or';
  clauses: Clause[];
}

export interface NotClause {
  kind: 'not';
  clause: Clause;
}

export type Clause = TerminalClause | AndClause | OrClause | NotClause;

export interface SortItem {
  field: FieldRef;
  /** null when the query names no direction (the field's default applies). */
  direction: 'asc' | 'desc' | null;
}

export interface Query {
  where: Clause | null;
  orderBy: SortItem[];
}

/** Words with grammatical meaning; unquoted they cannot be field names or values. */
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'empty',
  'null',
  'order',
  'by',
  'asc',
  'desc',
  'was',
  'changed',
]);

export function parseJql(source: string): Query {
  return new Parser(source).parseQuery();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parseQuery(): Query {
    let where: Clause | null = null;
    if (this.peek().kind !== 'eof' && !this.isKeyword(this.peek(), 'order')) where = this.parseOr();
    const orderBy: SortItem[] = [];
    if (this.isKeyword(this.peek(), 'order')) {
      this.parseOrderBy(orderBy);
    } else if (this.peek().kind !== 'eof') {
      throw this.fail(`Expecting either 'OR' or 'AND' but got '${this.peek().value}'.`, this.peek());
    }
    return { where, orderBy };
  }

  // ---- helpers -------------------------------------------------------------

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'word' && token.value.toLowerCase() === word;
  }

  private isAnyKeyword(token: Token): boolean {
    return token.kind === 'word' && KEYWORDS.has(token.value.toLowerCase());
  }

  private isPunct(token: Token, value: string): boolean {
    return token.kind === 'punct' && token.value === value;
  }

  private fail(message: string, token: Token): JqlError {
    return syntaxError(message, this.source, token.offset);
  }

  private atEnd(message: string): JqlError {
    return syntaxError(message, this.source);
  }

  // ---- clauses -------------------------------------------------------------

  private parseOr(): Clause {
    const clauses = [this.parseAnd()];
    for (;;) {
      const t = this.peek();
      if (!this.isKeyword(t, 'or') && !this.isPunct(t, '||') && !this.isPunct(t, '|')) break;
      this.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? clauses[0]! : { kind: 'or', clauses };
  }

  private parseAnd(): Clause {
    const clauses = [this.parseNot()];
    for (;;) {
      const t = this.peek();
      if (!this.isKeyword(t, 'and') && !this.isPunct(t, '&&') && !this.isPunct(t, '&')) break;
      this.next();
      clauses.push(this.parseNot());
    }
    return clauses.length === 1 ? clauses[0]! : { kind: 'and', clauses };
  }

  private parseNot(): Clause {
    const t = this.peek();
    if (this.isKeyword(t, 'not') || this.isPunct(t, '!')) {
      this.next();
      return { kind: 'not', clause: this.parseNot() };
    }
    if (this.isPunct(t, '(')) {
      this.next();
      const inner = this.parseOr();
      this.expectClose();
      return inner;
    }
    return this.parseTerminal();
  }

  private expectClose(): void {
    const t = this.next();
    if (this.isPunct(t, ')')) return;
    if (t.kind === 'eof') throw this.atEnd("Expecting ')' before the end of the query.");
    throw this.fail(`Expecting ')' but got '${t.value}'.`, t);
  }

  private parseTerminal(): TerminalClause {
    const field = this.parseField();
    const operator = this.parseOperator(field);
    const operand = this.parseOperand();
    return { kind: 'terminal', field, operator, operand };
  }

  private parseField(): FieldRef {
    const t = this.next();
    if (t.kind === 'eof') throw this.atEnd('Expecting a field name at the end of the query.');
    if (t.kind === 'string') {
      if (t.value === '') throw this.fail('A field name cannot be empty.', t);
      return { name: t.value, cfId: null, offset: t.offset };
    }
    if (t.kind === 'word' && !this.isAnyKeyword(t)) {
      if (t.value.toLowerCase() === 'cf') return this.parseCustomFieldId(t);
      return { name: t.value, cfId: null, offset: t.offset };
    }
    if (this.isPunct(t, '[')) throw this.fail("Expecting a field name but got '['. Did you mean 'cf['?", t);
    throw this.fail(
      `Expecting a field name but got '${t.value}'. You must surround '${t.value}' in quotation marks to use it as a field name.`,
      t,
    );
  }

  private parseCustomFieldId(cf: Token): FieldRef {
    const open = this.next();
    if (open.kind === 'eof') throw this.atEnd("Expecting '[' before the end of the query.");
    if (!this.isPunct(open, '[')) throw this.fail(`Expecting '[' but got '${open.value}'.`, open);
    const id = this.next();
    const expected = 'Expecting a custom field id (a positive number)';
    if (id.kind === 'eof') throw this.atEnd(`${expected} before the end of the query.`);
    if (id.kind !== 'word' || !/^\d+$/.test(id.value))
      throw this.fail(`${expected} but got '${id.value}'.`, id);
    const close = this.next();
    if (close.kind === 'eof') throw this.atEnd("Expecting ']' before the end of the query.");
    if (!this.isPunct(close, ']')) throw this.fail(`Expecting ']' but got '${close.value}'.`, close);
    const n = Number(id.value);
    return { name: `cf[${n}]`, cfId: n, offset: cf.offset };
  }

  private parseOperator(field: FieldRef): Operator {
    const t = this.next();
    if (t.kind === 'op') return t.value as Operator;
    if (this.isKeyword(t, 'in')) return 'in';
    if (this.isKeyword(t, 'not')) {
      const inToken = this.next();
      if (this.isKeyword(inToken, 'in')) return 'not in';
      if (inToken.kind === 'eof') throw this.atEnd("Expecting 'IN' before the end of the query.");
      throw this.fail(`Expecting 'IN' but got '${inToken.value}'.`, inToken);
    }
    if (this.isKeyword(t, 'is')) {
      if (this.isKeyword(this.peek(), 'not')) {
        this.next();
        return 'is not';
      }
      if (this.isPunct(this.peek(), '!')) throw this.fail("Expecting 'NOT' but got '!'.", this.peek());
      return 'is';
    }
    if (this.isKeyword(t, 'was') || this.isKeyword(t, 'changed')) {
      // History searches need change history the sandbox does not index;
      // Jira answers fields without history support in these words.
      throw new JqlError(
        `The operator '${t.value.toLowerCase()}' is not supported by the '${field.name}' field.`,
      );
    }
    if (t.kind === 'eof') {
      throw this.atEnd(
        `Expecting operator before the end of the query. The valid operators are ${VALID_OPERATORS}.`,
      );
    }
    throw this.fail(
      `Expecting operator but got '${t.value}'. The valid operators are ${VALID_OPERATORS}.`,
      t,
    );
  }

  private parseOperand(): Operand {
    const t = this.peek();
    if (t.kind === 'eof')
      throw this.atEnd('Expecting either a value, list or function before the end of the query.');
    if (this.isPunct(t, '(')) return this.parseList();
    if (this.isKeyword(t, 'empty') || this.isKeyword(t, 'null')) {
      this.next();
      return { kind: 'empty', offset: t.offset };
    }
    if ((t.kind === 'word' && !this.isAnyKeyword(t)) || t.kind === 'string') {
      this.next();
      if (this.isPunct(this.peek(), '(')) return this.parseFunction(t);
      return { kind: 'value', value: t.value, quoted: t.kind === 'string', offset: t.offset };
    }
    throw this.fail(
      `Expecting either a value, list or function but got '${t.value}'. You must surround '${t.value}' in quotation marks to use it as a value.`,
      t,
    );
  }

  private parseList(): ListOperand {
    const open = this.next();
    const items: Operand[] = [];
    for (;;) {
      items.push(this.parseOperand());
      const sep = this.next();
      if (this.isPunct(sep, ',')) continue;
      if (this.isPunct(sep, ')')) break;
      if (sep.kind === 'eof') throw this.atEnd("Expecting ')' before the end of the query.");
      throw this.fail(`Expecting ')' but got '${sep.value}'.`, sep);
    }
    return { kind: 'list', items, offset: open.offset };
  }

  private parseFunction(name: Token): FunctionOperand {
    if (name.value === '') throw this.fail('A function name cannot be empty.', name);
    this.next(); // (
    const args: string[] = [];
    const first = this.peek();
    if (this.isPunct(first, ')')) {
      this.next();
      return { kind: 'function', name: name.value, args, offset: name.offset };
    }
    if (first.kind === 'eof') throw this.atEnd("Expecting ')' before the end of the query.");
    if (this.isPunct(first, ',')) throw this.fail("Expecting ')' but got ','.", first);
    for (;;) {
      const arg = this.next();
      if (arg.kind === 'eof') throw this.atEnd('Expecting a function argument at the end of the query.');
      if (this.isPunct(arg, ')')) throw this.fail('Function argument must be specified.', arg);
      if (arg.kind !== 'word' && arg.kind !== 'string') {
        throw this.fail(
          `Expecting a function argument but got '${arg.value}'. You must surround '${arg.value}' in quotation marks to use it as an argument.`,
          arg,
        );
      }
      args.push(arg.value);
      const sep = this.next();
      if (this.isPunct(sep, ')')) break;
      if (this.isPunct(sep, ',')) continue;
      if (sep.kind === 'eof') throw this.atEnd("Expecting ')' before the end of the query.");
      throw this.fail(`Expecting ')' or ',' but got '${sep.value}'.`, sep);
    }
    return { kind: 'function', name: name.value, args, offset: name.offset };
  }

  // ---- ORDER BY ------------------------------------------------------------

  private parseOrderBy(into: SortItem[]): void {
    this.next(); // ORDER
    const by = this.next();
    if (by.kind === 'eof') throw this.atEnd("Expecting 'by' before the end of the query.");
    if (!this.isKeyword(by, 'by')) throw this.fail(`Expecting 'by' but got '${by.value}'.`, by);
    for (;;) {
      const field = this.parseField();
      let direction: SortItem['direction'] = null;
      if (this.isKeyword(this.peek(), 'asc') || this.isKeyword(this.peek(), 'desc')) {
        direction = this.next().value.toLowerCase() === 'asc' ? 'asc' : 'desc';
      }
      into.push({ field, direction });
      const t = this.next();
      if (t.kind === 'eof') return;
      if (this.isPunct(t, ',')) continue;
      if (direction !== null) throw this.fail(`Expecting ',' but got '${t.value}'.`, t);
      throw this.fail(`Expecting either 'ASC' or 'DESC' but got '${t.value}'.`, t);
    }
  }
}
