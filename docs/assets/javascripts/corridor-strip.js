// On a phone the strip map is wider than the screen and scrolls sideways in its own box
// (corridor.css): start it at the page's own town rather than at the west end. Without
// JavaScript the strip works the same, only starting at the west end.
for (const strip of document.querySelectorAll(".corridor-strip")) {
  const current = strip.querySelector('[aria-current="page"]');
  if (!current || strip.scrollWidth <= strip.clientWidth) continue;
  const box = strip.getBoundingClientRect();
  const town = current.getBoundingClientRect();
  strip.scrollLeft += town.left + town.width / 2 - (box.left + box.width / 2);
}
