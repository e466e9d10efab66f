// Every page's polish; each page works without it.
// 1. A staff session ends on the server after the idle time: the page goes to the PIN
//    pad at that moment instead of failing on the next click.
// 2. The PIN pad's on-screen keys, for a touch screen at the counter.
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
document.documentElement.dataset.shell = "ready";
