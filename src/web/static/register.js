// The register's polish; every form works without it.
// 1. The search box holds the focus, so that a scanner can always type into it: after
//    every page load (each action posts and comes back), and when the page is shown
//    again from the history. A form that came back with an error keeps the cursor on its
//    faulty field instead (shell.js), and a customer offered by their page's New sale
//    keeps it on their button (the page's autofocus).
// 2. Function keys work even while typing in a field: the element declaring the key in
//    data-key is clicked (a link, a button) or focused (a field). F2 tender, then complete;
//    F4 hold; F8 customer search; F9 held sales.
// 3. Discarding a sale asks again.
const search = document.getElementById("register-search");

function focusSearch() {
  const chosen = document.querySelector("[autofocus]");
  if (!search || document.querySelector("[aria-invalid=true]") || (chosen && chosen !== search)) return;
  search.focus();
  search.select();
}
focusSearch();
window.addEventListener("pageshow", (event) => {
  if (event.persisted) focusSearch();
});

document.addEventListener("keydown", (event) => {
  if (!/^F\d+$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = document.querySelector(`[data-key="${CSS.escape(event.key)}"]`);
  if (!target) return;
  event.preventDefault();
  if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) target.click();
  else {
    target.focus();
    target.select?.();
  }
});

for (const form of document.querySelectorAll("#discard-form, form.discard-held")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm("Discard this sale? What was rung up is thrown away.")) event.preventDefault();
  });
}

// Says the keys are live (the browser tests wait for it before they use them).
document.documentElement.dataset.enhanced = "register";
