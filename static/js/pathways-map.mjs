// Career map: pointing at or focusing a role highlights the links into it (solid blue) and
// out of it (dashed blue) and fades the rest. The map works without this script.
const IN = "app-map__edge--in";
const OUT = "app-map__edge--out";

function clear(svg) {
  svg.closest(".app-map")?.classList.remove("app-map--focused");
  for (const edge of svg.querySelectorAll(`.${IN}, .${OUT}`)) {
    edge.classList.remove(IN, OUT);
  }
}

function show(svg, slug) {
  clear(svg);
  let found = false;
  for (const edge of svg.querySelectorAll(".app-map__edge")) {
    if (edge.dataset.to === slug) {
      edge.classList.add(IN);
      found = true;
    } else if (edge.dataset.from === slug) {
      edge.classList.add(OUT);
      found = true;
    }
  }
  if (found) {
    svg.closest(".app-map")?.classList.add("app-map--focused");
  }
}

for (const svg of document.querySelectorAll(".app-map__svg")) {
  for (const node of svg.querySelectorAll(".app-map__node")) {
    const slug = node.dataset.slug;
    node.addEventListener("mouseenter", () => show(svg, slug));
    node.addEventListener("focus", () => show(svg, slug));
    node.addEventListener("mouseleave", () => clear(svg));
    node.addEventListener("blur", () => clear(svg));
  }
}
