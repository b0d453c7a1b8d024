// The dashboard's only way to the data: rampart's public REST API
// (/api/v1, documented at /api/openapi.json). The browser session is a
// cookie set by POST /api/v1/session; every write carries the CSRF token
// that the session answer gave (X-CSRF-Token), as the server requires.
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface Session {
  user: string;
  role: string;
  organisation?: string | null;
  clearance?: string;
  csrf_token?: string;
}

let csrfToken = "";

async function request<T>(method: string, path: string, body?: BodyInit | object, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof FormData || typeof body === "string") {
      init.body = body as BodyInit;
    } else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    }
  }
  if (method !== "GET" && csrfToken) (init.headers as Record<string, string>)["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, init);
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(data, response.statusText));
  return data as T;
}

function errorMessage(data: unknown, fallback: string): string {
  if (data && typeof data === "object") {
    const d = data as Record<string, unknown>;
    const err = d.error;
    if (typeof err === "string") return err;
    if (err && typeof err === "object" && typeof (err as Record<string, unknown>).message === "string") {
      return (err as Record<string, string>).message;
    }
    if (typeof d.title === "string") return String(d.description ?? d.title);
    if (typeof d.message === "string") return d.message;
  }
  return typeof data === "string" && data ? data : fallback;
}

const q = (params: Record<string, string | number | undefined>): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : "";
};
const enc = encodeURIComponent;

export interface Page<T> {
  items: T[];
  next?: string | null;
}

export const api = {
  async login(user: string, password: string): Promise<Session> {
    const s = await request<Session>("POST", "/api/v1/login", { user, password });
    csrfToken = s.csrf_token ?? "";
    return s;
  },
  async session(): Promise<Session | null> {
    try {
      const s = await request<Session>("GET", "/api/v1/me");
      if (s.csrf_token) csrfToken = s.csrf_token;
      return s;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
      throw e;
    }
  },
  async logout(): Promise<void> {
    await request<unknown>("POST", "/api/v1/logout");
    csrfToken = "";
  },
  search: (text: string, type?: string) =>
    request<{ results: SearchHit[] }>("GET", `/api/v1/objects${q({ q: text, type, limit: 25 })}`).then((r) => ({ items: r.results ?? [] })),
  object: (ref: string) => request<ObjectView>("GET", `/api/v1/objects/${enc(ref)}/view`),
  graph: (ref: string, depth = 1) => request<GraphData>("GET", `/api/v1/objects/${enc(ref)}/graph${q({ depth })}`),
  reports: (cursor?: string) => request<Page<ReportSummary>>("GET", `/api/v1/reports${q({ cursor })}`),
  report: (ref: string) => request<ReportDetail>("GET", `/api/v1/reports/${enc(ref)}`),
  uploadReport: (file: File) =>
    request<{ id: string; name: string }>("POST", `/api/v1/reports${q({ filename: file.name })}`, file, {
      "Content-Type": file.type || "application/octet-stream",
    }),
  incidents: (filter: Record<string, string | undefined> = {}) => request<Page<Incident>>("GET", `/api/v1/incidents${q(filter)}`),
  incident: (id: string) => request<Incident>("GET", `/api/v1/incidents/${enc(id)}`),
  updateIncident: (id: string, change: { state?: string; assignee?: string; note?: string }) =>
    request<Incident>("PATCH", `/api/v1/incidents/${enc(id)}`, change),
  constituents: () => request<Page<Record<string, unknown>>>("GET", "/api/v1/constituents"),
  advisories: () => request<Page<Record<string, unknown>>>("GET", "/api/v1/advisories"),
  deliveries: () => request<Page<Record<string, unknown>>>("GET", "/api/v1/deliveries"),
  stats: (by: string) => request<Stats>("GET", `/api/v1/stats${q({ by })}`),
  rules: () => request<Page<RuleSetInfo>>("GET", "/api/v1/rules"),
  // The log as the body; rule sets and options in the query (POST /api/v1/hunts).
  startHunt: (file: File, rules: string[], store: boolean) => {
    const params = new URLSearchParams({ filename: file.name, store: String(store) });
    for (const r of rules) params.append("rules", r);
    return request<HuntJob>("POST", `/api/v1/hunts?${params}`, file, { "Content-Type": "application/octet-stream" });
  },
  // A file or folder on the server, under a folder the operator allowed.
  startPathHunt: (path: string, rules: string[], store: boolean) =>
    request<HuntJob>("POST", "/api/v1/hunts", { path, rules, store }),
  hunt: (id: string) => request<HuntJob>("GET", `/api/v1/hunts/${enc(id)}`),
  cancelHunt: (id: string) => request<HuntJob>("POST", `/api/v1/hunts/${enc(id)}/cancel`),
  huntHits: (id: string, cursor?: string, limit = 100) =>
    request<{ items: HuntHit[]; next_cursor: string | null }>("GET", `/api/v1/hunts/${enc(id)}/hits${q({ cursor, limit })}`),
};

export interface SearchHit {
  id: string;
  type: string;
  name: string;
  snippet?: string;
}

// One relation of an object view: the relationship and the object at its far
// end, as `rampart intel get --json` writes it (store/object_view.h).
export interface Relation {
  relationship_id: string;
  relationship_type: string;
  direction: "outgoing" | "incoming";
  id: string;
  type: string;
  name: string;
  external_id?: string;
  kind?: string;
  deprecated?: boolean;
  missing?: boolean;
  claimed_by?: { id: string; name: string } | null;
  confidence?: number | null;
  when?: string;
  chain?: Relation[];
}

export interface ObjectView {
  id: string;
  type: string;
  name: string;
  aliases?: string[];
  description?: string;
  external_ids?: { source_name: string; external_id: string }[];
  created_by?: { id: string; name: string } | null;
  revoked?: boolean;
  deprecated?: boolean;
  relations: Record<string, Relation[]>;
  object?: Record<string, unknown>;
  withheld?: number;
}

export interface GraphData {
  nodes: { id: string; type: string; name: string }[];
  edges: { id: string; source: string; target: string; relationship_type: string }[];
}

export interface ReportSummary {
  id: string;
  name: string;
  published?: string;
  source?: string;
}

export interface ReportDetail extends ReportSummary {
  document?: string;
  entities?: { id: string; type: string; name: string }[];
  observables?: { type: string; value: string }[];
  claims?: { subject: string; relationship_type: string; object: string; confidence?: number | null; estimative?: string; quote?: string; claimant?: string }[];
  withheld?: number;
}

export interface Incident {
  id: string;
  name: string;
  state: string;
  constituent?: string;
  sector?: string[] | string;
  actors?: string[];
  assignee?: string;
  first_seen?: string;
  last_seen?: string;
  sightings?: number;
  history?: { at: string; by: string; what: string }[];
}

export interface Stats {
  by: string;
  rows: { key: string; incidents: number; [k: string]: string | number }[];
}

export interface HuntJob {
  id: string;
  state: string;
  source?: string;
  rule_sets?: string[];
  store?: boolean;
  progress?: number;
  records?: number;
  bytes?: number;
  total_bytes?: number;
  hits?: number;
  message?: string;
  incidents?: { opened: number; updated: number; unchanged: number; ids: string[] };
}

export interface RuleSetInfo {
  name: string;
  rules: number;
  correlations: number;
  errors: number;
}

// One hit, as `rampart hunt --output jsonl` writes it.
export interface HuntHit {
  rule?: {
    id?: string;
    title?: string;
    level?: string;
    techniques?: { external_id?: string; name?: string }[];
    actors?: { external_id?: string; name?: string; id?: string }[];
  };
  source?: { file?: string; line?: number; record?: number };
  time?: string;
  matched?: { field: string; value: string }[];
  event?: Record<string, unknown>;
}
