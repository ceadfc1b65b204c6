// The players' client. (The lobby and story view are built on the hub contract in Server/Hubs.)
const root = document.getElementById("app");
if (root) root.textContent = "AdventureServer";
export {};
