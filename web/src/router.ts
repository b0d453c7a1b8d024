// Hash routes ("#/object/G0065"), so the server serves one index.html and
// needs no fallback for deep links. A route pattern's ":name" parts become
// decoded parameters.
export type View = (main: HTMLElement, params: Record<string, string>) => Promise<void> | void;

interface Route {
  parts: string[];
  view: View;
}

const routes: Route[] = [];

export function route(pattern: string, view: View): void {
  routes.push({ parts: pattern.split("/").filter(Boolean), view });
}

export function match(path: string): { view: View; params: Record<string, string> } | null {
  const parts = path.split("/").filter(Boolean);
  for (const r of routes) {
    if (r.parts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      if (r.parts[i].startsWith(":")) params[r.parts[i].slice(1)] = decodeURIComponent(parts[i]);
      else ok = r.parts[i] === parts[i];
    }
    if (ok) return { view: r.view, params };
  }
  return null;
}

export function currentPath(): string {
  return location.hash.replace(/^#/, "") || "/";
}

export function go(path: string): void {
  location.hash = `#${path}`;
}
