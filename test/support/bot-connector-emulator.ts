import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Connector service (Teams' side of `/v3/conversations/...`): the routes
 * the bot calls when it replies, sends proactively, opens a personal chat, updates a card or reads a
 * roster. Everything it receives is recorded for assertions. It can inject faults (429 with
 * Retry-After, 503, …) and can enforce Teams' rate limits — per conversation 7/s and 60/30 s, per
 * tenant 50/s — counting (or rejecting) every send over them.
 */

export interface EmulatedMember {
  /** Teams user id (`29:…`). */
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export interface ReceivedActivity {
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  /** The id the emulator gave it (or the updated activity's id). */
  activityId: string;
  replyToId?: string;
  tenantId?: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface CreatedConversation {
  conversationId: string;
  tenantId?: string;
  members: Record<string, unknown>[];
  isGroup: boolean;
  body: Record<string, unknown>;
  at: number;
}

export interface Fault {
  status: number;
  /** Seconds, sent as Retry-After. */
  retryAfterSeconds?: number;
  /** Which requests it applies to (default: activity sends and replies). */
  match?: (request: { method: string; path: string; conversationId?: string; activity: Record<string, unknown> }) => boolean;
  /** How many matching requests get it (default 1). */
  times?: number;
}

export interface RateLimitOptions {
  /** `count`: accept and count violations; `reject`: answer 429 like Teams would (and count). */
  mode: 'count' | 'reject';
  perConversation?: { max: number; windowMs: number }[];
  perTenant?: { max: number; windowMs: number }[];
}

export interface EmulatorOptions {
  /** Added before each answer, to look a little like a network. */
  latencyMs?: number;
  rateLimits?: RateLimitOptions;
}

const TEAMS_PER_CONVERSATION = [
  { max: 7, windowMs: 1000 },
  { max: 60, windowMs: 30_000 },
];
const TEAMS_PER_TENANT = [{ max: 50, windowMs: 1000 }];

export class BotConnectorEmulator {
  readonly activities: ReceivedActivity[] = [];
  readonly conversations: CreatedConversation[] = [];
  readonly requests: { method: string; path: string; status: number; at: number }[] = [];
  /** Sends that broke a rate limit, with which limit. */
  readonly violations: { conversationId: string; tenantId?: string; limit: string; at: number }[] = [];
  private readonly rosters = new Map<string, EmulatedMember[]>();
  private readonly tenantOf = new Map<string, string>();
  private readonly faults: (Fault & { left: number })[] = [];
  private readonly arrivals = new Map<string, number[]>();
  private server?: Server;
  private gate?: Promise<void>;
  /** Requests held by `hold()`, waiting to be answered. */
  held = 0;
  private rateLimits?: RateLimitOptions;
  private latencyMs: number;
  url = '';

  constructor(options: EmulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.rateLimits = options.rateLimits;
  }

  static async start(options: EmulatorOptions = {}): Promise<BotConnectorEmulator> {
    const emulator = new BotConnectorEmulator(options);
    await emulator.listen();
    return emulator;
  }

  async listen(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(JSON.stringify({ error: { code: 'EmulatorError', message: String(error) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  // ---- set-up -------------------------------------------------------------------------------------

  /** The members `GET …/members` and `…/pagedmembers` return for a conversation or a team. */
  setMembers(conversationOrTeamId: string, members: EmulatedMember[]): void {
    this.rosters.set(conversationOrTeamId, members);
  }

  /** Which tenant a conversation belongs to, for the per-tenant limit (sends carry it too, usually). */
  setTenant(conversationId: string, tenantId: string): void {
    this.tenantOf.set(conversationId, tenantId);
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  enforceRateLimits(options: RateLimitOptions | undefined): void {
    this.rateLimits = options;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * Holds every request that arrives from now on (counted in `held`) until the returned function is
   * called: Teams taking its time, for as long as a test needs.
   */
  hold(): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = undefined;
      release();
    };
  }

  reset(): void {
    this.activities.length = 0;
    this.conversations.length = 0;
    this.requests.length = 0;
    this.violations.length = 0;
    this.faults.length = 0;
    this.arrivals.clear();
  }

  // ---- reading what arrived -----------------------------------------------------------------------

  activitiesIn(conversationId: string): ReceivedActivity[] {
    return this.activities.filter((received) => received.conversationId === conversationId);
  }

  /** Adaptive Card payloads of the activities sent to a conversation. */
  cardsIn(conversationId: string): Record<string, unknown>[] {
    return this.activitiesIn(conversationId).flatMap((received) => cardsOf(received.activity));
  }

  /** Resolves once `predicate` holds (checked as requests arrive and every 50 ms), or rejects after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 30_000, what = 'the expected activity'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`bot connector emulator: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // ---- the routes ---------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(request.url ?? '/', 'http://emulator');
    const method = request.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const body = await readJson(request);
    if (this.gate) {
      this.held++;
      await this.gate.finally(() => this.held--);
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method, path, status, at });
      response.statusCode = status;
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      if (payload === undefined) {
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(JSON.stringify(payload));
    };
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    // Control routes, for a bench that runs the emulator in a process of its own.
    if (segments[0] === '_emulator') {
      if (method === 'GET' && segments[1] === 'summary') {
        return reply(200, { activities: this.activities.map(({ kind, conversationId, tenantId, at }) => ({ kind, conversationId, tenantId, at })), violations: this.violations, requests: this.requests.length });
      }
      if (method === 'POST' && segments[1] === 'reset') {
        this.reset();
        return reply(204);
      }
      if (method === 'POST' && segments[1] === 'rate-limits') {
        this.enforceRateLimits(body.mode === 'count' || body.mode === 'reject' ? (body as unknown as RateLimitOptions) : undefined);
        return reply(204);
      }
    }
    if (segments[0] !== 'v3') return reply(404, { error: { code: 'NotFound', message: `no route ${method} ${path}` } });
    const conversationId = segments[1] === 'conversations' ? segments[2] : undefined;

    const isSend = method === 'POST' && segments[1] === 'conversations' && segments[3] === 'activities';
    const fault = this.takeFault({ method, path, ...(conversationId ? { conversationId } : {}), activity: body }, isSend);
    if (fault) return reply(fault.status, { error: { code: fault.status === 429 ? 'Throttled' : 'ServiceUnavailable', message: `injected ${fault.status}` } }, fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});

    // POST /v3/conversations — create (or find) a conversation
    if (method === 'POST' && segments[1] === 'conversations' && segments.length === 2) {
      const members = Array.isArray(body.members) ? (body.members as Record<string, unknown>[]) : [];
      const tenantId = (body.tenantId as string | undefined) ?? ((body.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id);
      const isGroup = body.isGroup === true;
      const first = members[0];
      const created = isGroup || !first ? `19:${randomUUID()}@thread.v2` : `a:personal-${String(first.aadObjectId ?? first.id)}`;
      if (tenantId) this.tenantOf.set(created, tenantId);
      this.conversations.push({ conversationId: created, ...(tenantId ? { tenantId } : {}), members, isGroup, body, at });
      return reply(201, { id: created, serviceUrl: this.url });
    }

    if (segments[1] === 'conversations' && conversationId) {
      // POST /v3/conversations/{id}/activities[/{replyToId}] — send or reply
      if (isSend) {
        const replyToId = segments[4];
        const tenantId = this.tenantFor(conversationId, body);
        const limited = this.checkRateLimits(conversationId, tenantId, at);
        if (limited) return reply(429, { error: { code: 'Throttled', message: limited } }, { 'retry-after': '1' });
        const activityId = `activity-${randomUUID()}`;
        this.activities.push({ kind: replyToId ? 'reply' : 'send', conversationId, activityId, ...(replyToId ? { replyToId } : {}), ...(tenantId ? { tenantId } : {}), activity: body, at });
        return reply(201, { id: activityId });
      }
      // PUT /v3/conversations/{id}/activities/{activityId} — update
      if (method === 'PUT' && segments[3] === 'activities' && segments[4]) {
        this.activities.push({ kind: 'update', conversationId, activityId: segments[4], activity: body, at });
        return reply(200, { id: segments[4] });
      }
      // GET /v3/conversations/{id}/members[/{memberId}]
      if (method === 'GET' && segments[3] === 'members') {
        const roster = this.rosters.get(conversationId) ?? [];
        if (segments[4]) {
          const member = roster.find((candidate) => candidate.id === segments[4] || candidate.aadObjectId === segments[4]);
          return member ? reply(200, member) : reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'member not found' } });
        }
        return reply(200, roster);
      }
      // GET /v3/conversations/{id}/pagedmembers?pageSize=&continuationToken=
      if (method === 'GET' && segments[3] === 'pagedmembers') {
        const roster = this.rosters.get(conversationId) ?? [];
        const pageSize = Math.max(1, Number(url.searchParams.get('pageSize') ?? 100) || 100);
        const start = Number(url.searchParams.get('continuationToken') ?? 0) || 0;
        const members = roster.slice(start, start + pageSize);
        const next = start + pageSize < roster.length ? String(start + pageSize) : undefined;
        return reply(200, { members, ...(next ? { continuationToken: next } : {}) });
      }
    }
    // GET /v3/teams/{teamId} — team details (TeamsInfo)
    if (method === 'GET' && segments[1] === 'teams' && segments[2] && segments.length === 3) {
      return reply(200, { id: segments[2], name: 'Emulated team', aadGroupId: randomUUID() });
    }
    return reply(404, { error: { code: 'NotFound', message: `no route ${method} ${path}` } });
  }

  private takeFault(request: { method: string; path: string; conversationId?: string; activity: Record<string, unknown> }, isSend: boolean): Fault | undefined {
    const index = this.faults.findIndex((fault) => (fault.match ? fault.match(request) : isSend));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.left--;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private tenantFor(conversationId: string, activity: Record<string, unknown>): string | undefined {
    const conversation = activity.conversation as { tenantId?: string } | undefined;
    const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
    return this.tenantOf.get(conversationId) ?? conversation?.tenantId ?? channelData?.tenant?.id;
  }

  /** Records the arrival; returns why it is over a limit (only in `reject` mode), else undefined. */
  private checkRateLimits(conversationId: string, tenantId: string | undefined, at: number): string | undefined {
    const options = this.rateLimits;
    if (!options) return undefined;
    const broken: string[] = [];
    const check = (key: string, limits: { max: number; windowMs: number }[], label: string) => {
      const list = this.arrivals.get(key) ?? [];
      for (const { max, windowMs } of limits) {
        const recent = list.filter((time) => time > at - windowMs).length;
        if (recent + 1 > max) broken.push(`${label}: more than ${max} in ${windowMs} ms`);
      }
    };
    check(`conversation:${conversationId}`, options.perConversation ?? TEAMS_PER_CONVERSATION, 'per conversation');
    if (tenantId) check(`tenant:${tenantId}`, options.perTenant ?? TEAMS_PER_TENANT, 'per tenant');
    for (const limit of broken) this.violations.push({ conversationId, ...(tenantId ? { tenantId } : {}), limit, at });
    if (broken.length > 0 && options.mode === 'reject') return broken.join('; ');
    for (const key of [`conversation:${conversationId}`, ...(tenantId ? [`tenant:${tenantId}`] : [])]) {
      const list = this.arrivals.get(key) ?? [];
      list.push(at);
      while (list.length > 0 && list[0]! < at - 60_000) list.shift();
      this.arrivals.set(key, list);
    }
    return undefined;
  }
}

export function cardsOf(activity: Record<string, unknown>): Record<string, unknown>[] {
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as { contentType?: string; content?: unknown }[]) : [];
  return attachments.filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').map((attachment) => attachment.content as Record<string, unknown>);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
