// Customers screens polish; every form works without it. The keys "/", "n", "e" and "b"
// are declared in the markup (data-shortcut, shell.js). Here: the down arrow walks from
// the search box into the results and the up arrow back; erasing asks a second time.
const search = document.getElementById("customer-search");
const results = () => [...document.querySelectorAll("table.customers tbody th a")];

document.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const links = results();
  const at = links.indexOf(document.activeElement);
  if (event.target !== search && at < 0) return;
  const next = event.key === "ArrowDown" ? at + 1 : at - 1;
  if (next >= 0 && next < links.length) links[next].focus();
  else if (next < 0) search?.focus();
  event.preventDefault();
});

// Erasing cannot be undone: the checkbox asks once, this asks again by name.
document.getElementById("erase-form")?.addEventListener("submit", (event) => {
  const name = document.querySelector("main h1")?.textContent ?? "this customer";
  if (!window.confirm(`Erase ${name}'s personal data? This cannot be undone.`)) event.preventDefault();
});

// Says the arrows are live (the browser tests wait for it before they use them).
document.documentElement.dataset.enhanced = "customers";
