// The printable receipt's polish: a Print button (without script, the browser's own
// print prints the receipt alone), and ?print=1 opens the print dialog at once.
const button = document.getElementById("print-receipt");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
  if (new URLSearchParams(location.search).get("print") === "1") window.print();
}
