// The printable receipt's polish: a Print button (without script, the browser's own
// print prints the receipt alone), ?print=1 or a register set to print by itself
// (data-print-now) opens the print dialog at once, and just after a sale F2 follows New
// sale (Enter does too: it has the focus).
const button = document.getElementById("print-receipt");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
  if (new URLSearchParams(location.search).get("print") === "1" || document.querySelector("[data-print-now]")) window.print();
}
const newSale = document.getElementById("new-sale");
document.addEventListener("keydown", (event) => {
  if (event.key !== "F2" || !newSale || event.ctrlKey || event.metaKey || event.altKey) return;
  event.preventDefault();
  newSale.click();
});
