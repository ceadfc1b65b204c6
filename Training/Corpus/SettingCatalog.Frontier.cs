using static AdventureServer.Training.Corpus.Affordance;

namespace AdventureServer.Training.Corpus;

internal static partial class SettingCatalog
{
    private static Setting DesertTown => new(
        "desert town",
        ["a drifter with no name", "the new sheriff", "a bounty hunter"],
        ["You are {hero}, and you ride into the desert town of Dry Creek at noon. Dust blows through the {place}.",
         "You are {hero}. Dry Creek has not seen rain in a year, and the folks in the {place} do not trust strangers.",
         "You are {hero}. You wake up in the {place} of Dry Creek with no memory of last night and {a_thing} beside you."],
        ["saloon", "main street", "sheriff's office", "general store", "stables", "old mine"],
        [T("cell door", "rusty", Open), T("back door", "creaking", Open), T("strongbox", "dented", Container), T("barrel", "wooden", Search),
         T("wanted poster", "torn", Text), T("letter", "yellowed", Text), T("canteen", "battered", Take), T("revolver", "old", Take), T("crowbar", "bent", Take | Tool),
         T("can of beans", "cold", Food), T("strip of jerky", "tough", Food), T("water tower", "tall", Climb),
         T("rattlesnake", "coiled", Attack), T("outlaw", "scarred", Attack), T("coyote", "hungry", Attack)],
        [C("Clara", "saloon owner"), C("Jeb", "prospector"), C("Wade", "deputy"), C("Hattie", "shopkeeper"), C("Eli", "blacksmith"), C("Rosa", "stagecoach driver")],
        ["A tumbleweed rolls past.", "The sun beats down without mercy.", "A piano plays somewhere, badly out of tune.",
         "Dust hangs in the hot, still air.", "A horse whinnies nervously at the rail."],
        ["a handful of silver dollars", "a sheriff's badge", "a map to the old mine", "a gold nugget", "a box of bullets", "a faded photograph"],
        [],
        ["knife", "shovel", "rifle"]);

    private static Setting PirateShip => new(
        "pirate ship",
        ["a pressed sailor", "the ship's cook", "a pirate captain without a ship"],
        ["You are {hero} aboard the Black Gull, three days out of port. Waves slap against the hull below the {place}.",
         "You are {hero}. The crew has mutinied, and you are hiding in the {place}.",
         "You are {hero}, and the treasure map says the island is near. In the {place}, {a_thing} catches your eye."],
        ["main deck", "captain's cabin", "galley", "cargo hold", "crow's nest", "gun deck"],
        [T("hatch", "heavy", Open), T("cabin door", "splintered", Open), T("sea chest", "salt-stained", Container), T("barrel", "leaky", Search),
         T("cutlass", "notched", Take), T("spyglass", "brass", Take), T("crowbar", "rusty", Take | Tool), T("logbook", "waterlogged", Text), T("map", "faded", Text),
         T("ship's biscuit", "hard", Food), T("mast", "tall", Climb), T("rigging", "tangled", Climb),
         T("shark", "circling", Attack), T("mutineer", "drunken", Attack), T("parrot", "angry", Attack)],
        [C("Morgana", "captain"), C("Pete", "bosun"), C("Finch", "cabin boy"), C("Isla", "navigator"), C("Barnaby", "quartermaster"), C("Sal", "gunner")],
        ["The deck rolls beneath your feet.", "Gulls cry overhead.", "The smell of salt and tar is everywhere.",
         "Ropes creak as the sails fill with wind.", "Thunderheads gather on the horizon."],
        ["a gold doubloon", "a pearl earring", "a compass that does not point north", "a bottle of rum", "a torn piece of a map", "a pistol ball"],
        [],
        ["cutlass", "belaying pin"]);

    private static Setting UnderwaterCity => new(
        "underwater city",
        ["a diver from the surface", "a young tidecaller", "a scavenger of the deep"],
        ["You are {hero}, and you have reached the drowned city of Thalassa. Pale lights drift through the {place}.",
         "You are {hero}. The dome of Thalassa creaks under the weight of the ocean as you enter the {place}.",
         "You are {hero}, sent to find out why Thalassa went silent. In the {place}, you find {a_thing}."],
        ["coral plaza", "pearl market", "great dome", "kelp gardens", "sunken temple", "pressure lock"],
        [T("hatch", "barnacled", Open), T("door", "coral-crusted", Open), T("clam", "giant", Container), T("chest", "sunken", Container),
         T("trident", "bronze", Take | Tool), T("pearl", "glowing", Take), T("conch shell", "cracked", Take), T("tablet", "carved", Read),
         T("kelp cake", "salty", Food), T("column", "broken", Climb), T("shark", "hungry", Attack), T("eel", "electric", Attack), T("crab", "giant", Attack)],
        [C("Nerissa", "pearl diver"), C("Oren", "lamp keeper"), C("Coralie", "priestess"), C("Dace", "merchant"), C("Finn", "fisherman"), C("Marlo", "city guard")],
        ["Bubbles rise past you toward the distant surface.", "Schools of silver fish dart between the towers.", "The water hums with a low, distant song.",
         "Glowing jellyfish drift past like lanterns.", "The dome above groans under the weight of the sea."],
        ["a black pearl", "a bronze key", "a bottle of air", "a shark-tooth necklace", "a map drawn on fish skin", "a handful of sea glass"],
        ["a tidal surge", "a whirlpool", "a spear of ice"],
        ["trident", "harpoon"]);
}
