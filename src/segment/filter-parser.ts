import { UsageError } from '../core/errors.ts';

/**
 * The `--where` language of audience exports and saved segments: comparisons of a column with a
 * value, joined by and / or / not and parentheses.
 *
 *   filter     := or
 *   or         := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | '(' or ')' | comparison
 *   comparison := column op value | column ['not'] 'in' '(' value (',' value)* ')'
 *               | column ['not'] 'like' string | column 'is' ['not'] 'null'
 *   op         := = | != | <> | < | <= | > | >=
 *   value      := 'text' (a quote inside doubled: 'O''Higgins') | number
 *
 * The text is parsed into a tree here and compiled by filter-compiler.ts into SQL whose values are
 * bound parameters; nothing the user typed is ever pasted into SQL.
 */
export type FilterValue = string | number;
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; column: string; op: CompareOp; value: FilterValue }
  | { kind: 'in'; column: string; negated: boolean; values: FilterValue[] }
  | { kind: 'like'; column: string; negated: boolean; pattern: string }
  | { kind: 'null'; column: string; negated: boolean };

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'op'; text: string; at: number }
  | { type: 'end'; at: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'is', 'null']);

export function parseFilter(text: string): FilterNode {
  if (!text.trim()) throw filterError('empty filter');
  const parser = new Parser(tokenize(text));
  const node = parser.parseOr();
  parser.expectEnd();
  return node;
}

function filterError(message: string, at?: number): UsageError {
  return new UsageError(`--where: ${message}${at === undefined ? '' : ` (at character ${at + 1})`}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw filterError('text value without its closing quote', i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ type: 'string', text: value, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?\d+(?:\.\d+)?/.exec(text.slice(i))!;
      tokens.push({ type: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ type: 'word', text: match[0], at: i });
      i += match[0].length;
    } else {
      const match = /^(?:<=|>=|!=|<>|=|<|>|\(|\)|,)/.exec(text.slice(i));
      if (!match) throw filterError(`unexpected "${ch}": only column op value, and/or/not, parentheses, in (...), like, is null are allowed`, i);
      tokens.push({ type: 'op', text: match[0] === '<>' ? '!=' : match[0], at: i });
      i += match[0].length;
    }
  }
  tokens.push({ type: 'end', at: text.length });
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parseOr(): FilterNode {
    let node = this.parseAnd();
    while (this.keyword('or')) node = { kind: 'or', left: node, right: this.parseAnd() };
    return node;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end') throw filterError(`unexpected ${describe(token)}; join conditions with and / or`, token.at);
  }

  private parseAnd(): FilterNode {
    let node = this.parseUnary();
    while (this.keyword('and')) node = { kind: 'and', left: node, right: this.parseUnary() };
    return node;
  }

  private parseUnary(): FilterNode {
    if (this.keyword('not')) return { kind: 'not', operand: this.parseUnary() };
    if (this.op('(')) {
      const node = this.parseOr();
      this.expectOp(')');
      return node;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const token = this.next();
    if (token.type !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      throw filterError(`expected a column name, found ${describe(token)}`, token.at);
    }
    const column = token.text.toLowerCase();
    if (this.keyword('is')) {
      const negated = this.keyword('not');
      if (!this.keyword('null')) throw filterError('expected null after is', this.peek().at);
      return { kind: 'null', column, negated };
    }
    const negated = this.keyword('not');
    if (this.keyword('in')) {
      this.expectOp('(');
      const values = [this.value()];
      while (this.op(',')) values.push(this.value());
      this.expectOp(')');
      return { kind: 'in', column, negated, values };
    }
    if (this.keyword('like')) {
      const pattern = this.next();
      if (pattern.type !== 'string') throw filterError(`like takes a quoted pattern, found ${describe(pattern)}`, pattern.at);
      return { kind: 'like', column, negated, pattern: pattern.text };
    }
    if (negated) throw filterError('expected in or like after not', this.peek().at);
    const op = this.next();
    if (op.type !== 'op' || !['=', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      throw filterError(`expected an operator (= != < <= > >= in like) after ${column}, found ${describe(op)}`, op.at);
    }
    return { kind: 'compare', column, op: op.text as CompareOp, value: this.value() };
  }

  private value(): FilterValue {
    const token = this.next();
    if (token.type === 'string') return token.text;
    if (token.type === 'number') return token.value;
    throw filterError(`expected a value ('text' or a number), found ${describe(token)}`, token.at);
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.tokens[this.position]!;
    if (token.type !== 'end') this.position++;
    return token;
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token.type === 'word' && token.text.toLowerCase() === word) {
      this.position++;
      return true;
    }
    return false;
  }

  private op(text: string): boolean {
    const token = this.peek();
    if (token.type === 'op' && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  private expectOp(text: string): void {
    if (!this.op(text)) throw filterError(`expected "${text}", found ${describe(this.peek())}`, this.peek().at);
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end': return 'the end of the filter';
    case 'string': return `'${token.text}'`;
    case 'number': return String(token.value);
    default: return `"${token.text}"`;
  }
}

/** The columns a filter names, in order of first appearance. */
export function filterColumns(node: FilterNode): string[] {
  const columns: string[] = [];
  const visit = (n: FilterNode): void => {
    if ('left' in n) {
      visit(n.left);
      visit(n.right);
    } else if ('operand' in n) {
      visit(n.operand);
    } else if (!columns.includes(n.column)) {
      columns.push(n.column);
    }
  };
  visit(node);
  return columns;
}
