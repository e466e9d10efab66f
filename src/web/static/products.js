// Products screen polish; the page works without it.
// "/" jumps to the search box (where a barcode scanner types); "n" starts a new product.
const search = document.getElementById("product-search");
const sku = document.getElementById("product-sku");

document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
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
