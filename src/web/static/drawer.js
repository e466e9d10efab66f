// Drawer screens polish; every form works without it. A count by note and coin shows its
// running total as it is typed (in whole cents: no floating point touches money), and a
// Z report gets a Print button.
const dollars = (cents) => `$${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

for (const fieldset of document.querySelectorAll("fieldset.denominations")) {
  const output = fieldset.querySelector("output.count-total");
  const update = () => {
    let cents = 0;
    let counted = false;
    for (const input of fieldset.querySelectorAll("input[data-cents]")) {
      const text = input.value.trim();
      if (!/^[0-9]+$/.test(text)) continue;
      cents += Number(text) * Number(input.dataset.cents);
      counted = true;
    }
    output.textContent = counted ? `Counted: ${dollars(cents)}` : "";
  };
  fieldset.addEventListener("input", update);
  update();
}

const print = document.querySelector("button[data-print]");
if (print) {
  print.hidden = false;
  print.addEventListener("click", () => window.print());
}

document.documentElement.dataset.enhanced = "drawer";
