// "Prepare your request": turns the form on contact pages into a message for the official
// e-mail channel (a mailto: link and a copy button). Nothing is sent by this page.
// Before a message is written, secret-guard.js refuses one that holds a recovery phrase,
// a private key or a keystore file: support never needs them.

function compose(form, s) {
  const field = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
  const what = field("what");
  const lines = [`${s.field_what}:`, what, ""];
  const add = (label, value) => { if (value) lines.push(`${label}: ${value}`); };
  add(s.field_category, field("category"));
  add(s.field_network, field("network"));
  add(s.field_txid, field("txid"));
  add(s.field_version, field("version"));
  add(s.field_device, field("device"));
  const when = field("when");
  if (when) {
    const minutes = -new Date(when).getTimezoneOffset();
    const sign = minutes >= 0 ? "+" : "-";
    const abs = Math.abs(minutes);
    const offset = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
    add(s.field_when, `${when.replace("T", " ")} (${offset})`);
  }
  add(s.field_page, form.dataset.about || "");
  const summary = what.split(/\r?\n/)[0].slice(0, 60);
  const subject = `${s.subject}: ${field("category")}${summary ? ` – ${summary}` : ""}`;
  return { subject, body: lines.join("\n") };
}

function prefill(form) {
  const params = new URLSearchParams(location.search);
  const about = params.get("about");
  if (!about) return;
  // only a page of this site may be named (the value is shown, never followed)
  let url = null;
  try { url = new URL(about, location.href); } catch { url = null; }
  if (!url || url.origin !== location.origin) return;
  form.dataset.about = url.href;
  const title = (params.get("title") || "").slice(0, 200);
  const what = form.elements.what;
  if (what && !what.value && title) what.value = `${title}\n`;
}

function init(form) {
  const s = JSON.parse(form.dataset.strings);
  const urls = JSON.parse(form.dataset.wordlists);
  const section = form.closest(".request");
  section.querySelector(".request-nojs")?.setAttribute("hidden", "");
  form.hidden = false;
  prefill(form);
  const refused = form.querySelector(".request-refused");
  const output = form.querySelector(".request-output");
  const message = form.querySelector("#rq-message");
  const send = form.querySelector(".request-send");
  const copied = form.querySelector(".request-copied");
  const fail = (text, hint) => {
    output.hidden = true;
    refused.replaceChildren();
    const title = document.createElement("p");
    title.className = "request-refused-title";
    title.textContent = s.refused_title;
    const why = document.createElement("p");
    why.textContent = text;
    refused.append(title, why);
    if (hint) {
      const extra = document.createElement("p");
      extra.textContent = hint;
      refused.append(extra);
    }
    refused.hidden = false;
    form.dataset.state = "refused";
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    refused.hidden = true;
    if (!form.elements.what.value.trim()) {
      fail(s.empty);
      refused.querySelector(".request-refused-title").remove();
      form.dataset.state = "empty";
      form.elements.what.focus();
      return;
    }
    let guard = null;
    let l = null;
    try {
      guard = await import(form.dataset.guard);
      l = await guard.loadLists(urls);
    } catch {
      l = null;
    }
    for (const el of form.elements) {
      if (!("value" in el) || !el.name || !el.value) continue;
      const kind = l ? await guard.secretIn(el.value, l, { txid: el.hasAttribute("data-txid") }) : "";
      if (kind) {
        const hint = kind === "key" && /(?:0x)?[0-9a-f]{64}/i.test(el.value) ? s.refused_txid_hint : "";
        fail(s[`refused_${kind}`], hint);
        el.focus();
        return;
      }
    }
    const { subject, body } = compose(form, s);
    message.value = `${subject}\n\n${body}`;
    send.href = `mailto:${form.dataset.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
    output.hidden = false;
    form.dataset.state = "ready";
  });
  form.querySelector(".request-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(message.value);
    } catch {
      message.select(); // the visitor copies it by hand
      return;
    }
    copied.textContent = s.copied;
  });
}

for (const form of document.querySelectorAll("form.request-form")) init(form);
