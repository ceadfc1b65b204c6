// Log in or register; calls back once a token is kept.
import { logIn, register } from "../api";
import { field, h, say } from "../dom";

export function loginView(root: HTMLElement, title: string, loggedIn: () => void, allowRegister = true): void {
  const name = h("input", { name: "userName", autocomplete: "username", required: true, maxlength: 64 });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, minlength: 8 });
  const message = h("p", { class: "message", role: "alert", hidden: true });
  const submit = async (event: Event, registering: boolean) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    say(message, "");
    try {
      if (registering) await register(name.value, password.value);
      await logIn(name.value, password.value);
      loggedIn();
    } catch (e) {
      say(message, e instanceof Error ? e.message : String(e));
    }
  };
  const form = h("form", { class: "card login", onsubmit: (e: Event) => void submit(e, false) },
    h("h1", {}, title),
    field("Name", name),
    field("Password (8 characters or more)", password),
    message,
    h("div", { class: "row" },
      h("button", { type: "submit", class: "primary" }, "Log in"),
      allowRegister && h("button", { type: "button", onclick: (e: Event) => void submit(e, true) }, "Register")));
  root.replaceChildren(form);
  name.focus();
}
