// Every page's polish; each page works without it.
// 1. A staff session ends on the server after the idle time: the page goes to the PIN
//    pad at that moment instead of failing on the next click.
// 2. The PIN pad's on-screen keys, for a touch screen at the counter.
// 3. Keys a page declares: outside a field, the key in an element's data-shortcut puts
//    the cursor there ("/" the search, "n" a new record); Escape leaves a field first.
// 4. A form that came back with an error puts the cursor on the field at fault; otherwise
//    the page's autofocus box gets it now, not at Chromium's next rendering step, which
//    comes late on a busy machine and would drop the first keys of a scan.
// 5. A box that names a product by its SKU (data-suggest="products") or a customer by
//    their number (data-suggest="customers") suggests them as one types, from the
//    search; without script the SKU or the number is typed whole.
const idleSeconds = Number(document.body.dataset.idleSeconds);
if (idleSeconds > 0) {
  let timer;
  const back = () => {
    const here = location.pathname + location.search;
    location.assign(`/pin?next=${encodeURIComponent(here)}`);
  };
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(back, idleSeconds * 1000);
  };
  for (const type of ["keydown", "pointerdown", "input"]) document.addEventListener(type, restart, { passive: true });
  restart();
}

const pin = document.getElementById("pin");
const keys = document.querySelector(".pin-pad .keys");
if (pin && keys) {
  keys.hidden = false;
  keys.addEventListener("click", (event) => {
    const key = event.target.closest("button[data-key]")?.dataset.key;
    if (!key) return;
    if (key === "⌫") pin.value = pin.value.slice(0, -1);
    else if (key === "OK") pin.form.requestSubmit();
    else if (pin.value.length < 5) pin.value += key;
    pin.focus();
  });
}
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    if (event.key === "Escape") target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  const wanted = document.querySelector(`[data-shortcut="${CSS.escape(event.key)}"]`);
  if (!wanted) return;
  event.preventDefault();
  wanted.focus();
  wanted.select?.();
});

const suggestions = {
  products: ({ products }) => products.map((p) => [p.sku, p.name]),
  customers: ({ customers }) => customers.map((c) => [`#${c.id}`, [c.name, c.phone, c.email].filter(Boolean).join(" · ")]),
};
for (const box of document.querySelectorAll("input[list][data-suggest]")) {
  const choices = document.getElementById(box.getAttribute("list"));
  const kind = box.dataset.suggest;
  let asked = "";
  box.addEventListener("input", async () => {
    const query = box.value.trim();
    if (query.length < 2 || query === asked || query.startsWith("#") || !suggestions[kind]) return;
    asked = query;
    const res = await fetch(`/api/${kind}?q=${encodeURIComponent(query)}&limit=10`);
    if (!res.ok || box.value.trim() !== query) return;
    const found = suggestions[kind](await res.json());
    choices.replaceChildren(...found.map(([value, label]) => Object.assign(document.createElement("option"), { value, label })));
  });
}

(document.querySelector("[aria-invalid=true]") ?? document.querySelector("[autofocus]"))?.focus();

document.documentElement.dataset.shell = "ready";
