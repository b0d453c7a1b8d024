import { api, ApiError } from "../api";
import { clear, errorBox, h } from "../dom";
import { go } from "../router";

export function loginView(main: HTMLElement, onSignedIn: () => void): void {
  document.title = "Sign in · rampart";
  clear(main);
  const message = h("div", { "aria-live": "polite" });
  const user = h("input", { id: "login-user", name: "user", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const form = h(
    "form",
    { className: "login", id: "login-form" },
    h("h1", {}, "Sign in to rampart"),
    h("label", { for: "login-user" }, "User"),
    user,
    h("label", { for: "login-password" }, "Password or API token"),
    password,
    h("button", { type: "submit" }, "Sign in"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(message);
    try {
      await api.login(user.value, password.value);
      onSignedIn();
      go("/");
    } catch (e) {
      message.append(errorBox(e instanceof ApiError && e.status === 401 ? "Wrong user or password." : String((e as Error).message)));
    }
  });
  main.append(form);
  user.focus();
}
