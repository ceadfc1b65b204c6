// Accounts over HTTP and the bearer token, kept in sessionStorage (one tab, one login).

const tokenKey = "adventure.token";
const nameKey = "adventure.user";

export interface Me { userName: string; roles: string[] }

export function token(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function userName(): string | null {
  return sessionStorage.getItem(nameKey);
}

export function logOut(): void {
  sessionStorage.removeItem(tokenKey);
  sessionStorage.removeItem(nameKey);
}

/** Registers an account (the password needs 8 characters or more); throws with the server's reasons. */
export async function register(userName: string, password: string): Promise<void> {
  const response = await post("/api/account/register", { userName, password });
  if (!response.ok) throw new Error(await problem(response, "Could not register."));
}

/** Logs in and keeps the token; throws with the server's reason. */
export async function logIn(name: string, password: string): Promise<void> {
  const response = await post("/api/account/login", { userName: name, password });
  if (!response.ok) throw new Error(await problem(response, "Wrong name or password."));
  const body = (await response.json()) as { accessToken: string };
  sessionStorage.setItem(tokenKey, body.accessToken);
  sessionStorage.setItem(nameKey, name.trim());
}

/** Who the token belongs to; null when there is no token or it is no longer accepted. */
export async function me(): Promise<Me | null> {
  const t = token();
  if (!t) return null;
  const response = await fetch("/api/account/me", { headers: { Authorization: `Bearer ${t}` } });
  if (!response.ok) {
    logOut();
    return null;
  }
  return (await response.json()) as Me;
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function problem(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string; errors?: Record<string, string[]> };
    if (body.errors) return Object.values(body.errors).flat().join(" ");
    return body.detail ?? body.title ?? fallback;
  } catch {
    return fallback;
  }
}
