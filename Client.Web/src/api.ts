// Accounts over HTTP and the bearer token, kept in sessionStorage (one tab, one login) and renewed before it expires.
import { TokenKeeper, type TokenResponse } from "./tokenKeeper";

const nameKey = "adventure.user";

export interface Me { userName: string; roles: string[] }

const tokens = new TokenKeeper(sessionStorage, refresh);

/** The token as kept (it may be close to expiry: hub connections use `freshToken`). */
export function token(): string | null {
  return tokens.current();
}

/** The token, renewed through the refresh token first when it is about to expire. */
export function freshToken(): Promise<string | null> {
  return tokens.fresh();
}

export function userName(): string | null {
  return sessionStorage.getItem(nameKey);
}

export function logOut(): void {
  tokens.forget();
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
  tokens.keep((await response.json()) as TokenResponse);
  sessionStorage.setItem(nameKey, name.trim());
}

/** Who the token belongs to; null when there is no token or it is no longer accepted. */
export async function me(): Promise<Me | null> {
  const t = await freshToken();
  if (!t) return null;
  const response = await fetch("/api/account/me", { headers: { Authorization: `Bearer ${t}` } });
  if (!response.ok) {
    logOut();
    return null;
  }
  return (await response.json()) as Me;
}

/** A new token pair for a refresh token; null when the server refuses it (the account was deleted, locked or changed). */
async function refresh(refreshToken: string): Promise<TokenResponse | null> {
  const response = await post("/api/account/refresh", { refreshToken });
  return response.ok ? ((await response.json()) as TokenResponse) : null;
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
