// Customers screens polish; every form works without it.
// The list: the search box has the focus (a scanner types a bike's serial there); the
// down arrow walks into the results, the up arrow back. Escape leaves a field; then "/"
// returns to the search, "n" starts a new customer, and on a customer's page "b" adds a
// bike and "e" edits the details.
const search = document.getElementById("customer-search");
const results = () => [...document.querySelectorAll("table.customers tbody th a")];
const shortcuts = { "/": search, n: document.getElementById("new-name"), b: document.getElementById("bike-make"), e: document.getElementById("customer-name") };

document.addEventListener("keydown", (event) => {
  const links = results();
  const at = links.indexOf(document.activeElement);
  if ((event.key === "ArrowDown" || event.key === "ArrowUp") && (event.target === search || at >= 0)) {
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next >= 0 && next < links.length) links[next].focus();
    else if (next < 0) search?.focus();
    event.preventDefault();
    return;
  }
  const field = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (field) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = shortcuts[event.key];
  if (target) {
    event.preventDefault();
    target.focus();
    target.select?.();
  }
});

// Erasing cannot be undone: the checkbox asks once, this asks again by name.
document.getElementById("erase-form")?.addEventListener("submit", (event) => {
  const name = document.querySelector("main h1")?.textContent ?? "this customer";
  if (!window.confirm(`Erase ${name}'s personal data? This cannot be undone.`)) event.preventDefault();
});

// A form that came back with an error puts the cursor on the field at fault.
document.querySelector("[aria-invalid=true]")?.focus();

// Says the shortcuts are live (the browser tests wait for it before they type).
document.documentElement.dataset.enhanced = "customers";
