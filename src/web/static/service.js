// The service screens' polish; every form works without it.
// 1. The board: a card dragged to another column, or moved by keyboard (→ moves a focused
//    card on to its next status, Enter opens its move menu, ↑ ↓ go between cards), posts
//    the card's own move form, so the server checks the move as it checks the form's. A
//    card is dropped only on a column its form offers. After a move it has the focus again.
// 2. Keys a page declares in data-key ("n" new ticket, "m" the mechanic's day, "g" the hook
//    tag, "e" the drop-off receipt, "i" invoice) work outside a field, like its accesskey.
const board = document.getElementById("board");

function move(card, to) {
  const form = card.querySelector("form.move");
  const select = form?.querySelector("select[name=to]");
  if (!select || ![...select.options].some((option) => option.value === to)) return;
  select.value = to;
  form.requestSubmit();
}

if (board) {
  const movedId = board.dataset.moved;
  if (movedId) document.getElementById(`card-${movedId}`)?.focus();

  board.addEventListener("keydown", (event) => {
    const card = event.target;
    if (!(card instanceof HTMLElement) || !card.classList.contains("ticket-card")) return;
    if (event.key === "ArrowRight" && card.dataset.next) {
      event.preventDefault();
      move(card, card.dataset.next);
    } else if (event.key === "Enter") {
      event.preventDefault();
      card.querySelector("form.move select")?.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const cards = [...board.querySelectorAll(".ticket-card")];
      const next = cards[cards.indexOf(card) + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    }
  });

  let dragged = null;
  const columnAt = (event) => event.target.closest?.(".board-column");
  const takes = (column) => dragged && column && dragged.dataset.moves.split(" ").includes(column.dataset.status);
  const unmark = () => board.querySelectorAll(".drop-target").forEach((column) => column.classList.remove("drop-target"));
  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest?.(".ticket-card[draggable=true]") ?? null;
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
  });
  board.addEventListener("dragover", (event) => {
    const column = columnAt(event);
    if (!takes(column)) return;
    event.preventDefault();
    if (!column.classList.contains("drop-target")) {
      unmark();
      column.classList.add("drop-target");
    }
  });
  board.addEventListener("drop", (event) => {
    const column = columnAt(event);
    if (!takes(column)) return;
    event.preventDefault();
    move(dragged, column.dataset.status);
  });
  board.addEventListener("dragend", () => {
    dragged = null;
    unmark();
  });
}

document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  const wanted = document.querySelector(`[data-key="${CSS.escape(event.key)}"]`);
  if (!wanted) return;
  event.preventDefault();
  wanted.click();
});

// Says the keys are live (the browser tests wait for it before they use them).
document.documentElement.dataset.enhanced = "service";
