// The game masters' client.
const root = document.getElementById("app");
if (root) root.textContent = "AdventureServer: game master";
export {};
