// Products screen polish; the page works without it.
// The search box has the focus (a barcode scanner types there). Escape leaves a field;
// then "/" returns to the search and "n" starts a new product.
const search = document.getElementById("product-search");
const sku = document.getElementById("product-sku");

document.addEventListener("keydown", (event) => {
  const field = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (field) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "/") {
    event.preventDefault();
    search?.focus();
    search?.select();
  } else if (event.key === "n") {
    event.preventDefault();
    sku?.focus();
  }
});

// A form that came back with an error puts the cursor on the field at fault.
document.querySelector("[aria-invalid=true]")?.focus();

// Says the shortcuts are live (the browser tests wait for it before they type).
document.documentElement.dataset.enhanced = "products";
