// Opens a hub connection (WebSockets, no negotiation) with the bearer token and automatic reconnect, and turns hub errors into
// the sentence the server wrote: "Busy: The story is being written..." is shown as "The story is being written...".
import { HttpTransportType, HubConnection, HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import { freshToken } from "./api";
import { say } from "./dom";
import { sentence } from "./refusal";

export { sentence };

export function connect(path: "/hubs/play" | "/hubs/gm"): HubConnection {
  return new HubConnectionBuilder()
    // WebSockets straight away, without the negotiate request: the connection is one request, so behind a load
    // balancer it needs no sticky sessions (a negotiate answered by one node and a connect sent to another fail).
    .withUrl(path, {
      transport: HttpTransportType.WebSockets,
      skipNegotiation: true,
      // Asked again at every reconnect: the server closes a connection whose token expired and lets it reconnect.
      accessTokenFactory: async () => (await freshToken()) ?? "",
    })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(LogLevel.Warning)
    .build();
}

/** The server's sentence of a refused call, without SignalR's wrapping or the reason word before it. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const marker = "HubException: ";
  const at = text.indexOf(marker);
  return at >= 0 ? sentence(text.slice(at + marker.length)) : text;
}

/**
 * A caller of one adventure's hub methods: it clears `message`, invokes `method(adventureId, ...args)`, and on
 * a refusal shows the server's sentence in `message`. Resolves to whether the call went through.
 */
export function adventureCaller(hub: HubConnection, adventureId: string, message: HTMLElement) {
  return async (method: string, ...args: unknown[]): Promise<boolean> => {
    say(message, "");
    try {
      await hub.invoke(method, adventureId, ...args);
      return true;
    } catch (e) {
      say(message, errorMessage(e));
      return false;
    }
  };
}
