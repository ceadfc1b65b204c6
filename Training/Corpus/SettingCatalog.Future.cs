using static AdventureServer.Training.Corpus.Affordance;

namespace AdventureServer.Training.Corpus;

internal static partial class SettingCatalog
{
    private static Setting Spaceship => new(
        "spaceship",
        ["the ship's engineer", "a stowaway", "the last officer awake"],
        ["You are {hero} aboard the starship Meridian, drifting far from home. Alarms echo through the {place}.",
         "You are {hero}. You wake from cryosleep in the {place}, and the ship is silent.",
         "You are {hero}, and the captain has gone missing. You stand in the {place}, beside {a_thing}."],
        ["bridge", "cargo bay", "engine room", "med bay", "airlock", "crew quarters", "observation deck"],
        [T("hatch", "heavy", Open), T("door", "scorched", Open), T("locker", "dented", Container), T("crate", "battered", Container),
         T("datapad", "cracked", Text), T("terminal", "flickering", Read), T("ration pack", "dry", Food), T("keycard", "scratched", Take | Tool),
         T("plasma cutter", "heavy", Take | Tool), T("ladder", "narrow", Climb), T("maintenance shaft", "cramped", Climb),
         T("drone", "malfunctioning", Attack), T("alien", "slimy", Attack), T("security robot", "damaged", Attack)],
        [C("Reyes", "captain"), C("Okafor", "ship's doctor"), C("Lin", "pilot"), C("Vasquez", "mechanic"), C("Seven", "android"), C("Petrov", "navigator")],
        ["Red warning lights pulse along the ceiling.", "The hum of the engines has dropped to a whisper.", "Beyond the viewport, stars turn slowly.",
         "Your breath fogs in the cold, recycled air.", "Somewhere behind the walls, metal groans."],
        ["a security keycard", "a charged power cell", "a medical injector", "a data chip", "a small plasma pistol", "a photo of someone you do not recognize"],
        [],
        ["plasma cutter", "wrench", "stun baton"]);

    private static Setting CyberpunkMarket => new(
        "cyberpunk market",
        ["a street hacker", "a courier with a chrome arm", "an off-duty corporate guard"],
        ["You are {hero} in Neo Kowloon, where the rain never stops. Neon signs buzz over the {place}.",
         "You are {hero}. Someone has stolen your data chip, and the trail leads to the {place}.",
         "You are {hero}, and you owe money to the wrong people. You push through the crowd toward the {place}."],
        ["night market", "noodle stall", "back alley", "server den", "pawn shop", "rooftop garden", "metro station"],
        [T("door", "steel", Open), T("shutter", "graffitied", Open), T("crate", "unmarked", Container), T("dumpster", "overflowing", Search),
         T("terminal", "flickering", Read), T("datapad", "cracked", Text), T("stun gun", "cheap", Take), T("lockpick", "thin", Take | Tool), T("bowl of noodles", "steaming", Food),
         T("dumpling", "greasy", Food), T("fire escape", "rusty", Climb), T("drone", "buzzing", Attack), T("ganger", "tattooed", Attack),
         T("robot dog", "snarling", Attack)],
        [C("Jax", "fixer"), C("Mei", "noodle vendor"), C("Ivers", "street doctor"), C("Kenji", "info broker"), C("Nova", "netrunner"), C("Sable", "bouncer")],
        ["Neon light smears across the wet pavement.", "A hover car screams past overhead.", "The smell of frying oil and ozone fills the air.",
         "Holographic ads flicker and glitch.", "Rain drips from a hundred plastic awnings."],
        ["a stolen data chip", "a wad of credit sticks", "a cloned ID card", "a tiny neural implant", "a burner phone", "a keycard with a corporate logo"],
        [],
        ["shock baton", "monoblade"]);
}
