/**
 * Decides what each inbound message is (issue complaint, greeting, media, support, question, spam,
 * chain copy, opt-out, opt-in) and writes its body. Results land in the composer's public fields
 * (no allocation per message besides the strings themselves).
 */
import type { Rng } from './random.ts';
import { WeightedPicker } from './random.ts';
import { issuePickerIndex, type SenderTable } from './senders.ts';
import { capitalize, phrasebook, stretchEnd, type AgePhrase, type Phrasebook, type Variants } from './text.ts';
import { CHAINS, GENERIC_EMOJIS, ISSUES, REPLIES, type MediaKind } from './vocabulary.ts';

export const Kind = {
  Issue: 0,
  Greeting: 1,
  Media: 2,
  Support: 3,
  Question: 4,
  Spam: 5,
  Chain: 6,
  OptOut: 7,
  OptIn: 8,
  Caption: 9, // media with an issue caption
} as const;
export type KindCode = (typeof Kind)[keyof typeof Kind];

/** Share of inbound messages per kind (before sender-specific rules). */
const KIND_WEIGHTS: ReadonlyArray<readonly [KindCode, number]> = [
  [Kind.Issue, 0.71], [Kind.Caption, 0.03], [Kind.Greeting, 0.055], [Kind.Media, 0.045], [Kind.Support, 0.05],
  [Kind.Question, 0.025], [Kind.Spam, 0.012], [Kind.Chain, 0.02], [Kind.OptOut, 0.012],
];

const MEDIA_ONLY: ReadonlyArray<readonly [MediaKind, number]> = [['image', 0.4], ['audio', 0.3], ['sticker', 0.15], ['video', 0.1], ['document', 0.05]];
const MEDIA_CAPTIONED: ReadonlyArray<readonly [MediaKind, number]> = [['image', 0.6], ['video', 0.25], ['document', 0.15]];

const SEPARATORS: readonly (readonly string[])[] = [
  ['. ', '. ', ', ', '. ', '\n', '. '],
  [', ', ' ', '. ', '... ', ', ', '\n', ' ', ', '],
  [' ', ', ', ' ', '... ', '\n', ' '],
  [' ', ' ', ', ', ' ', '\n', '.. ', ' '],
];

/** Time-of-day bucket of local hour for greetings: 0 morning, 1 afternoon, 2 night. */
export function dayPart(hour: number): number {
  if (hour >= 5 && hour < 12) return 0;
  if (hour >= 12 && hour < 19) return 1;
  return 2;
}

export class MessageComposer {
  // Output of the last compose()/reply() call.
  body = '';
  media: MediaKind | '' = '';
  kind: KindCode = Kind.Issue;
  /** Bit i set = ISSUES[i] is about this message. */
  issueMask = 0;
  noise: '' | 'greeting' | 'media' | 'support' | 'spam' = '';
  optout: '' | '1' | 'optin' = '';
  chain = -1;

  readonly book: Phrasebook;
  private readonly kindPicker: WeightedPicker;
  private readonly kindCodes: KindCode[];
  private readonly mediaOnly: WeightedPicker;
  private readonly mediaCaptioned: WeightedPicker;
  private readonly chainWeights: Float64Array;
  /** Per sender: 0 subscribed, 1 opted out, 3 opted out but will opt back in, 2 opted back in. */
  /** Per sender: inbound messages written so far. */
  /** [gender][age] -> age phrases that fit. */
  private readonly agePhrasesByAge: AgePhrase[][][];
  private readonly issueMaskText: string[] = new Array(1 << ISSUES.length);

  private style = 1;
  private sep: readonly string[] = SEPARATORS[1]!;

  /**
   * `chains`: when each forwarded text starts to circulate (UTC seconds) and how fast it fades
   * (seconds); copies come in waves after the launch.
   */
  constructor(private readonly rng: Rng, private readonly senders: SenderTable, private readonly chains: ReadonlyArray<{ launch: number; fade: number }>) {
    const chainCount = chains.length;
    this.book = phrasebook();
    const weights = KIND_WEIGHTS.filter(([k]) => k !== Kind.Chain || chainCount > 0);
    this.kindCodes = weights.map((w) => w[0]);
    this.kindPicker = new WeightedPicker(weights.map((w) => w[1]));
    this.mediaOnly = new WeightedPicker(MEDIA_ONLY.map((m) => m[1]));
    this.mediaCaptioned = new WeightedPicker(MEDIA_CAPTIONED.map((m) => m[1]));
    this.chainWeights = new Float64Array(chainCount);
    this.agePhrasesByAge = [[], []];
    for (let gender = 0; gender < 2; gender++) {
      for (let age = 0; age <= 85; age++) {
        this.agePhrasesByAge[gender]!.push(this.book.ages.filter((a) => age >= a.min && age <= a.max
          && (!a.gender || a.gender === (gender === 0 ? 'f' : 'm'))
          // a birth year is read as (2026 - year): only where a birthday not yet reached cannot change the band.
          && (!a.birthYear || (age - 1 >= 18 && bandOf(age - 1) === bandOf(age)))));
      }
    }
  }

  /** Text of the truth `issues` column for a mask. */
  issuesText(mask: number): string {
    let text = this.issueMaskText[mask];
    if (text === undefined) {
      const keys: string[] = [];
      for (let i = 0; i < ISSUES.length; i++) if (mask & (1 << i)) keys.push(ISSUES[i]!);
      text = keys.join(';');
      this.issueMaskText[mask] = text;
    }
    return text;
  }

  private v(list: readonly Variants[]): string {
    const variants = list[Math.floor(this.rng.next() * list.length)]!;
    const r = this.rng.next();
    let level = this.style;
    if (r < 0.15) level = Math.max(0, level - 1);
    else if (r < 0.3) level = Math.min(3, level + 1);
    return variants[level]!;
  }

  /** Join `piece` after `body` with a separator; careful writers capitalise after a full stop. */
  private join(body: string, piece: string): string {
    if (!body) return piece;
    const sep = this.sep[Math.floor(this.rng.next() * this.sep.length)]!;
    if (this.style === 0 && (sep === '. ' || sep === '\n')) return body + sep + capitalize(piece);
    return body + sep + piece;
  }

  private pickIssue(sid: number): number {
    const s = this.senders;
    if (this.rng.next() < 0.65) return s.issue(sid);
    return s.issuePickers[issuePickerIndex(s.state(sid), s.age(sid), s.gender(sid))]!.pick(this.rng);
  }

  private complaint(issue: number, sid: number, allowQuestion = true): string {
    const ip = this.book.issues[issue]!;
    const r = this.rng.next();
    if (issue === 1 && this.senders.age(sid) >= 60 && r < 0.45) return this.v(this.book.pension);
    if (r < 0.16 && allowQuestion) return this.v(ip.questions);
    if (r < 0.55) return this.v(ip.explicit);
    return this.v(ip.implicit);
  }

  private agePhrase(sid: number): { text: string; at: 'start' | 'end' } {
    const age = this.senders.age(sid);
    const options = this.agePhrasesByAge[this.senders.gender(sid)]![age]!;
    const phrase = options[Math.floor(this.rng.next() * options.length)]!;
    let text = this.v([phrase.variants]);
    text = phrase.birthYear ? text.replace('¤', String(2026 - age)) : text.replace('§', String(age));
    const at = phrase.at === 'any' ? (this.rng.next() < 0.45 ? 'start' : 'end') : phrase.at;
    return { text, at };
  }

  private mention(sid: number): { text: string; at: 'start' | 'end' } {
    const state = this.senders.state(sid);
    const start = this.rng.next() < 0.65;
    const frame = this.v(start ? this.book.stateFramesStart : this.book.stateFramesEnd);
    const name = this.v(this.book.stateMentions[state]!);
    return { text: frame.replace('{x}', name), at: start ? 'start' : 'end' };
  }

  private emojis(issue: number): string {
    const rng = this.rng;
    const pool = rng.next() < 0.6 ? this.book.issues[issue]!.emojis : GENERIC_EMOJIS;
    const e = pool[Math.floor(rng.next() * pool.length)]!;
    const r = rng.next();
    if (r < 0.55) return e;
    if (r < 0.8) return e + e + (rng.next() < 0.5 ? e : '');
    return e + pool[Math.floor(rng.next() * pool.length)]!;
  }

  private capitalizes(): boolean {
    return this.style <= 1 ? this.rng.next() < 0.75 : this.rng.next() < 0.3;
  }

  /**
   * Final touches. Issue bodies are ropes of many pieces: the caller capitalises their first piece
   * itself (`precapped`) and passes the last piece, so the rope is not flattened here.
   */
  private finish(body: string, sid: number, last = body, precapped = false): string {
    const rng = this.rng;
    let out = body;
    if (!precapped && this.capitalizes()) out = capitalize(out);
    if (this.style === 0 && rng.next() < 0.4 && endsWithLetter(last)) out += '.';
    if (rng.next() < 0.06) out = stretchEnd(out, rng);
    if (this.senders.shouts(sid) ? rng.next() < 0.6 : rng.next() < 0.02) out = out.toUpperCase();
    return out;
  }

  /** An issue message; returns the mask of issues it touches. */
  private issueBody(sid: number, hourPart: number, withAge: boolean, caption: boolean): string {
    const rng = this.rng;
    const first = this.pickIssue(sid);
    let mask = 1 << first;
    let capFirst = this.capitalizes();
    let body = '';
    let tail = '';
    if (!caption && rng.next() < 0.18) {
      body = this.v(rng.next() < 0.6 ? this.book.greetingsByPart[hourPart]! : this.book.greetingsByPart[3]!);
      if (capFirst) body = capitalize(body);
      capFirst = false;
    }
    let startPiece = '';
    if (rng.next() < (caption ? 0.05 : 0.13)) {
      const m = this.mention(sid);
      if (m.at === 'start') startPiece = m.text;
      else tail = m.text;
    }
    let age: { text: string; at: 'start' | 'end' } | null = null;
    if (withAge) age = this.agePhrase(sid);
    let main = this.complaint(first, sid);
    let last = main;
    if (capFirst && !startPiece && age?.at !== 'start') main = capitalize(main);
    if (age?.at === 'start') {
      const text = capFirst && !startPiece ? capitalize(age.text) : age.text;
      main = text + (age.text.endsWith(' y') ? ' ' : rng.next() < 0.5 ? ', ' : ' ') + main;
    }
    if (startPiece) main = (capFirst ? capitalize(startPiece) : startPiece) + (startPiece.endsWith(' y') || rng.next() < 0.5 ? ' ' : ', ') + main;
    body = this.join(body, main);
    if (!caption && rng.next() < 0.15) {
      const s = this.senders;
      const picker = s.issuePickers[issuePickerIndex(s.state(sid), s.age(sid), s.gender(sid))]!;
      let second = picker.pick(rng);
      for (let tries = 0; second === first && tries < 6; tries++) second = picker.pick(rng);
      if (second === first) second = (first + 1 + rng.int(ISSUES.length - 1)) % ISSUES.length;
      mask |= 1 << second;
      last = this.complaint(second, sid, false);
      body = this.join(body, `${this.v(this.book.connectors)} ${last}`);
    }
    if (tail) {
      body += rng.next() < 0.5 ? ` ${tail}` : `, ${tail}`;
      last = tail;
    }
    if (age?.at === 'end') body = this.join(body, last = age.text);
    if (rng.next() < (caption ? 0.2 : 0.4)) {
      body = this.join(body, last = this.v(rng.next() < 0.65 ? this.book.issues[first]!.requests : this.book.genericRequests));
    }
    if (!caption && rng.next() < 0.22) body = this.join(body, last = this.v(this.book.closers));
    if (rng.next() < 0.28) body += (rng.next() < 0.7 ? ' ' : '') + (last = this.emojis(first));
    this.issueMask = mask;
    return this.finish(body, sid, last, true);
  }

  private reset(): void {
    this.body = '';
    this.media = '';
    this.issueMask = 0;
    this.noise = '';
    this.optout = '';
    this.chain = -1;
  }

  /** Compose the next inbound message of sender `sid`; `hour` is the local hour (0-23). */
  compose(sid: number, hour: number, t: number): void {
    this.reset();
    const rng = this.rng;
    const s = this.senders;
    this.style = s.style(sid);
    this.sep = SEPARATORS[this.style]!;
    const nth = s.nextSeen(sid);
    const ageAt = s.ageAt(sid);
    const part = dayPart(hour);

    let kind: KindCode;
    const opt = s.optState(sid);
    if (nth === ageAt) kind = Kind.Issue;
    else if (opt === 1 || opt === 3) {
      const r = rng.next();
      kind = opt === 3 && r < 0.3 ? Kind.OptIn : r < 0.05 ? Kind.OptOut : this.drawKind(true);
    } else if (nth === 0 && s.multi(sid) && rng.next() < 0.2) kind = Kind.Greeting;
    else kind = this.drawKind(opt === 2); // someone who just opted back in does not leave again
    this.kind = kind;

    switch (kind) {
      case Kind.Issue:
        this.body = this.issueBody(sid, part, nth === ageAt || (ageAt >= 0 && rng.next() < 0.05), false);
        break;
      case Kind.Caption:
        this.media = MEDIA_CAPTIONED[this.mediaCaptioned.pick(rng)]![0];
        this.body = this.issueBody(sid, part, false, true);
        break;
      case Kind.Greeting: {
        let g = this.v(rng.next() < 0.55 ? this.book.greetingsByPart[part]! : this.book.greetingsByPart[3]!);
        if (rng.next() < 0.12) g = stretchEnd(g, rng);
        this.body = this.style <= 1 && rng.next() < 0.7 ? capitalize(g) : g;
        this.noise = 'greeting';
        break;
      }
      case Kind.Media:
        this.media = MEDIA_ONLY[this.mediaOnly.pick(rng)]![0];
        this.noise = 'media';
        break;
      case Kind.Support: {
        let text: string;
        if (rng.next() < 0.1) text = this.v(this.book.supportPlace).replace('{x}', this.v(this.book.stateMentions[s.state(sid)]!));
        else text = this.v(this.book.support);
        this.body = this.finish(text, sid);
        this.noise = 'support';
        break;
      }
      case Kind.Question:
        this.body = this.finish(this.v(this.book.questions), sid);
        break;
      case Kind.Spam:
        this.body = this.v(this.book.spam);
        this.noise = 'spam';
        break;
      case Kind.Chain: {
        const c = this.pickChain(t);
        const copies = this.book.chains[c]!.copies;
        this.body = rng.next() < 0.35 ? copies[0]! : copies[Math.floor(rng.next() * copies.length)]!;
        const template = CHAINS[c]!;
        let mask = 0;
        for (const k of template.issues) mask |= 1 << ISSUES.indexOf(k);
        this.issueMask = mask;
        this.noise = template.noise;
        this.chain = c;
        break;
      }
      case Kind.OptOut:
        this.body = this.v((opt === 1 || opt === 3) && rng.next() < 0.6 ? this.book.optoutRepeats : this.book.optouts);
        if (rng.next() < 0.08) this.body = this.body.toUpperCase();
        this.optout = '1';
        // One in eight who leave will come back later (if they write again).
        if (opt !== 1 && opt !== 3) s.setOptState(sid, rng.next() < 0.125 ? 3 : 1);
        break;
      case Kind.OptIn:
        this.body = this.v(this.book.optins);
        this.optout = 'optin';
        s.setOptState(sid, 2);
        break;
    }
  }

  /** A chain by popularity (1/rank^0.7) and by how recently it was launched. */
  private pickChain(t: number): number {
    const w = this.chainWeights;
    let total = 0;
    for (let c = 0; c < w.length; c++) {
      const { launch, fade } = this.chains[c]!;
      const fresh = t < launch ? 0 : Math.exp(-(t - launch) / fade);
      total += w[c] = (0.04 + fresh) / (c + 1) ** 0.7;
    }
    let u = this.rng.next() * total;
    for (let c = 0; c < w.length; c++) {
      u -= w[c]!;
      if (u < 0) return c;
    }
    return w.length - 1;
  }

  private drawKind(noOptOut: boolean): KindCode {
    for (;;) {
      const k = this.kindCodes[this.kindPicker.pick(this.rng)]!;
      if (!(noOptOut && k === Kind.OptOut)) return k;
    }
  }

  /** The campaign's reply to the message just composed (call right after compose()). */
  reply(sid: number, answered: KindCode, issueMask: number): string {
    const rng = this.rng;
    let list: readonly string[];
    switch (answered) {
      case Kind.Issue: case Kind.Caption: list = REPLIES.issue; break;
      case Kind.Greeting: list = REPLIES.greeting; break;
      case Kind.Support: list = REPLIES.support; break;
      case Kind.Media: list = REPLIES.media; break;
      case Kind.OptOut: list = REPLIES.optout; break;
      case Kind.OptIn: list = REPLIES.optin; break;
      default: list = REPLIES.other;
    }
    const template = list[Math.floor(rng.next() * list.length)]!;
    const nameIdx = this.senders.nameIndex(sid);
    const first = nameIdx >= 0 ? this.senders.firstNames[nameIdx]! : '';
    let text = template.replace('{name}', first ? `, ${first}` : '');
    if (text.includes('{topic}')) {
      let issue = 0;
      while (issue < ISSUES.length - 1 && !(issueMask & (1 << issue))) issue++;
      text = text.replace('{topic}', this.book.issues[issue]!.replyTopic);
    }
    return text;
  }
}

/** Ends with a letter (ASCII or Spanish accented), not punctuation or an emoji. */
function endsWithLetter(text: string): boolean {
  const c = text.charCodeAt(text.length - 1);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xff);
}

function bandOf(age: number): number {
  if (age < 25) return 0;
  if (age < 35) return 1;
  if (age < 45) return 2;
  if (age < 55) return 3;
  if (age < 65) return 4;
  return 5;
}
