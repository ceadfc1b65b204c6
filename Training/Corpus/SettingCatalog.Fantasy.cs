using static AdventureServer.Training.Corpus.Affordance;

namespace AdventureServer.Training.Corpus;

internal static partial class SettingCatalog
{
    private static Setting Castle => new(
        "castle",
        ["a knight of the realm", "a young squire", "a wandering sellsword"],
        ["You are {hero}, and you have come to Castle Dunmore at last. You stand in the {place}, where {a_thing} catches your eye.",
         "You are {hero}. The king is dead, and rumors say his killer still walks the halls of the castle. You wait in the {place}.",
         "You are {hero}, summoned to the castle by a letter with a broken seal. The {place} is cold and silent."],
        ["great hall", "courtyard", "armory", "throne room", "kitchen", "north tower", "dungeon"],
        [T("door", "heavy", Open), T("gate", "rusty", Open | Climb), T("chest", "old", Container), T("cupboard", "dusty", Container),
         T("sword", "rusty", Take), T("lantern", "dented", Take), T("key", "small", Take | Tool), T("letter", "crumpled", Text),
         T("book", "dusty", Text), T("bread", "stale", Food), T("apple", "bruised", Food), T("wall", "crumbling", Climb),
         T("tapestry", "faded", Search), T("rat", "huge", Attack), T("guard", "armored", Attack), T("skeleton", "rattling", Attack)],
        [C("Mira", "blacksmith"), C("Aldric", "steward"), C("Brother Tobin", "chaplain"), C("Elowen", "handmaid"),
         C("Garrick", "guard captain"), C("Fenn", "stable boy")],
        ["Torches flicker along the stone walls.", "Somewhere above, a door slams in the wind.", "The air smells of smoke and old stone.",
         "Banners hang limp from the high rafters.", "Far below, something heavy drags across the floor."],
        ["a silver coin", "a small iron key", "a folded map", "a ring with a red stone", "a dagger with a bone handle", "a vial of green liquid"],
        ["a fireball", "a lightning bolt", "a spell of binding"],
        ["sword", "axe", "mace"]);

    private static Setting Forest => new(
        "forest",
        ["a ranger of the northern woods", "a lost traveler", "a young druid"],
        ["You are {hero}, deep in the Whispering Forest. The path has vanished, and the {place} lies ahead.",
         "You are {hero}. For three days you have followed the river into the forest, and now you have reached the {place}.",
         "You are {hero}, and this forest is older than any map. Near the {place}, you spot {a_thing}."],
        ["clearing", "oak grove", "riverbank", "ruined shrine", "hunters' camp", "hollow"],
        [T("hut door", "mossy", Open), T("gate", "wooden", Open), T("chest", "rotting", Container), T("knapsack", "abandoned", Container | Take),
         T("log", "hollow", Search), T("bow", "old", Take), T("hatchet", "sharp", Take | Tool), T("mushroom", "pale", Food), T("pear", "ripe", Food),
         T("map", "torn", Text), T("tablet", "weathered", Read), T("tree", "tall", Climb), T("cliff", "steep", Climb),
         T("wolf", "gray", Attack), T("bear", "huge", Attack), T("spider", "giant", Attack)],
        [C("Rowan", "hunter"), C("Maud", "herbalist"), C("Tamsin", "woodcutter"), C("Ash", "hermit"), C("Bram", "charcoal burner"), C("Ysolde", "bard")],
        ["Birds fall silent in the branches above you.", "Shafts of green light slant through the leaves.", "The smell of pine and wet earth fills the air.",
         "A twig snaps somewhere behind you.", "Mist curls between the trees."],
        ["a carved wooden charm", "a silver arrowhead", "a handful of coins", "a pouch of seeds", "a bone whistle", "a feather as long as your arm"],
        ["a spell of thorns", "a gust of wind", "a blast of moonfire"],
        ["spear", "hunting knife", "staff"]);

    private static Setting HauntedManor => new(
        "haunted manor",
        ["a paranormal investigator", "the new heir of the Ashworth estate", "a nervous housekeeper"],
        ["You are {hero}, and tonight you will spend the night in Ashworth Manor. The storm outside rattles the windows of the {place}.",
         "You are {hero}. The lawyer's letter said the manor was yours, but it did not say it was haunted. You stand in the {place}.",
         "You are {hero}. At midnight every clock in Ashworth Manor stopped, and now you stand in the {place} beside {a_thing}."],
        ["library", "ballroom", "attic", "cellar", "nursery", "conservatory"],
        [T("door", "creaking", Open), T("wardrobe", "tall", Container), T("trunk", "dusty", Container), T("diary", "leather-bound", Text),
         T("portrait", "faded", None), T("mirror", "cracked", None), T("candle", "half-melted", Take), T("music box", "silver", Take), T("skeleton key", "tarnished", Take | Tool),
         T("biscuit", "stale", Food), T("staircase", "grand", Climb), T("ghost", "pale", Attack), T("crow", "black", Attack), T("doll", "porcelain", Attack)],
        [C("Hettie", "housekeeper"), C("Edmund", "butler"), C("Lucy", "ghost child"), C("Doctor Grey", "family physician"),
         C("Percival", "gardener"), C("Agnes", "cook")],
        ["Thunder rolls over the roof.", "A cold draft snuffs out one of the candles.", "Somewhere upstairs, a child is laughing.",
         "The floorboards creak as if someone walked behind you.", "The smell of dust and old roses hangs in the air."],
        ["a tarnished locket", "a brass key", "a yellowed photograph", "a silver candlestick", "a child's drawing of the house", "a lock of hair tied with ribbon"],
        ["a banishing charm", "a spell of warding", "a bolt of pale fire"],
        ["fire poker", "candlestick"]);

    private static Setting Monastery => new(
        "mountain monastery",
        ["a young monk", "a pilgrim seeking answers", "a mountain guide"],
        ["You are {hero}, and you have climbed for days to reach the Monastery of the Silent Bell. Snow drifts across the {place}.",
         "You are {hero}. The abbot has vanished, and the monks whisper of a curse. You stand in the {place}.",
         "You are {hero}. Wind howls around the monastery as you step into the {place} and see {a_thing}."],
        ["bell tower", "meditation hall", "scriptorium", "kitchen garden", "mountain pass", "cloister"],
        [T("gate", "frozen", Open), T("door", "painted", Open), T("chest", "lacquered", Container), T("shrine", "small", Search),
         T("scroll", "ancient", Text), T("book", "illuminated", Text), T("rice cake", "sweet", Food), T("staff", "wooden", Take), T("key", "iron", Take | Tool),
         T("bell", "bronze", None), T("cliff", "icy", Climb), T("wall", "snowy", Climb),
         T("snow leopard", "hungry", Attack), T("yeti", "shaggy", Attack), T("bandit", "masked", Attack)],
        [C("Kai", "monk"), C("Tenzin", "novice"), C("Yara", "healer"), C("Dorje", "bell ringer"), C("Hana", "cook"), C("Sun", "scribe")],
        ["Somewhere above, the great bell hums without being struck.", "Your breath hangs in the frozen air.", "Incense smoke curls toward the painted ceiling.",
         "Snow hisses against the shutters.", "Chanting drifts from a distant hall."],
        ["a jade amulet", "a string of prayer beads", "a brass key", "a folded letter", "a small silver bell", "a vial of healing oil"],
        ["a blast of inner fire", "a wave of calm", "a palm of thunder"],
        ["staff", "walking stick"]);
}
