// Keeps the bearer token and renews it through POST /api/account/refresh before it expires, so that a
// (re)connecting hub always has a valid token: the server closes a hub connection when its token expires,
// telling the client to reconnect, and the reconnect asks for a token again.

/** What a login or a refresh returns (ASP.NET Core's bearer token response). */
export interface TokenResponse { accessToken: string; refreshToken: string; expiresIn: number }

/** Where the tokens are kept (sessionStorage in the browser). */
export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type Refresh = (refreshToken: string) => Promise<TokenResponse | null>;

const accessKey = "adventure.token";
const refreshKey = "adventure.refresh";
const expiresKey = "adventure.expires";
const lifetimeKey = "adventure.lifetime";

/**
 * Whether a token that expires at `expiresAt` (ms) after a life of `lifetimeMs` should be renewed at `now`: in its
 * last tenth, and at least 30 s before the end (a reconnect may take a moment).
 */
export function renewalDue(expiresAt: number, lifetimeMs: number, now: number): boolean {
  return expiresAt - now <= Math.max(30_000, lifetimeMs / 10);
}

export class TokenKeeper {
  private renewing: Promise<string | null> | null = null;

  constructor(private readonly store: TokenStore, private readonly refresh: Refresh, private readonly now: () => number = Date.now) {}

  /** Keeps a token pair from a login or a refresh. */
  keep(response: TokenResponse): void {
    this.store.setItem(accessKey, response.accessToken);
    this.store.setItem(refreshKey, response.refreshToken);
    this.store.setItem(expiresKey, String(this.now() + response.expiresIn * 1000));
    this.store.setItem(lifetimeKey, String(response.expiresIn * 1000));
  }

  /** The token as kept, without renewing it. */
  current(): string | null {
    return this.store.getItem(accessKey);
  }

  /** The token, renewed first when it is due; concurrent callers share one renewal. */
  async fresh(): Promise<string | null> {
    const token = this.current();
    const refreshToken = this.store.getItem(refreshKey);
    const expiresAt = Number(this.store.getItem(expiresKey) ?? "0");
    const lifetime = Number(this.store.getItem(lifetimeKey) ?? "0");
    if (!token || !refreshToken || !renewalDue(expiresAt, lifetime, this.now())) return token;
    this.renewing ??= this.renew(refreshToken, token).finally(() => (this.renewing = null));
    return this.renewing;
  }

  forget(): void {
    for (const key of [accessKey, refreshKey, expiresKey, lifetimeKey]) this.store.removeItem(key);
  }

  private async renew(refreshToken: string, token: string): Promise<string | null> {
    try {
      const response = await this.refresh(refreshToken);
      if (!response) return token; // refused (the account changed): the server will say so on connect
      this.keep(response);
      return response.accessToken;
    } catch {
      return token; // offline for a moment: try again on the next call
    }
  }
}
