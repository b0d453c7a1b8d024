// A short list on purpose: the words that collide with threat names in the
// shared corpora (checked against galaxy/*.json and ATT&CK aliases), plus
// the most frequent English words. Everything here needs its capitals and a
// place inside a sentence to become an entity.
#include "entities/common_words.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace rampart::extract {
namespace {

constexpr std::string_view kWords[] = {
    "about", "access", "account", "act", "action", "active", "actor", "actors", "admin", "agent",
    "air", "alert", "all", "alpha", "also", "amber", "anchor", "angel", "apple", "april", "archive",
    "arena", "army", "arrow", "art", "ash", "atlas", "attack", "attacks", "august", "aurora",
    "avenger", "axe", "back", "backdoor", "badger", "bank", "banker", "base", "basic", "bat",
    "beacon", "bear", "beast", "bee", "berserk", "beta", "big", "bird", "bishop", "black", "blade",
    "blaze", "blind", "blink", "block", "blue", "board", "bolt", "bond", "book", "boot", "boss",
    "bot", "box", "brain", "bread", "bridge", "bronze", "brown", "buffalo", "bug", "bull", "buzz",
    "cage", "calendar", "camel", "campaign", "cannon", "carbon", "card", "castle", "cat", "central",
    "chain", "chameleon", "charger", "cherry", "chrome", "city", "clean", "cleaner", "clipper",
    "cloud", "club", "coal", "cobalt", "code", "coin", "cold", "comet", "command", "commander",
    "company", "contact", "control", "copper", "core", "cosmic", "crab", "crane", "crash", "crow",
    "crown", "crypto", "crystal", "cuba", "cyber", "dark", "data", "dawn", "day", "december",
    "defender", "delta", "desert", "devil", "diamond", "digital", "dino", "doctor", "dog", "door",
    "double", "dragon", "dream", "drop", "dropper", "dust", "eagle", "earth", "echo", "edge", "egg",
    "elephant", "emerald", "emissary", "empire", "energy", "engine", "epic", "equation", "evil",
    "exchange", "explorer", "eye", "falcon", "fallout", "fast", "february", "file", "final",
    "finance", "fire", "firefly", "fish", "flame", "flash", "flower", "fly", "fox", "freedom",
    "friday", "frog", "frost", "fury", "game", "gamma", "gate", "ghost", "giant", "glass", "gold",
    "golden", "goose", "government", "gray", "green", "grey", "group", "guard", "hacker", "hammer",
    "hand", "harvest", "hawk", "heart", "helix", "hermes", "hero", "hide", "hive", "home", "honey",
    "hook", "horse", "host", "house", "hunter", "ice", "icon", "impact", "industry", "info",
    "inside", "iron", "island", "ivy", "jade", "jaguar", "january", "july", "june", "key",
    "keyboard", "killer", "king", "kitten", "knight", "lab", "lady", "lamp", "land", "lazarus",
    "leaf", "legion", "leopard", "leviathan", "light", "lion", "load", "loader", "lock", "locker",
    "lotus", "lucky", "lynx", "machete", "magic", "mail", "major", "mammoth", "manager", "march",
    "mask", "master", "may", "maze", "media", "medusa", "mercury", "metal", "micro", "mirage",
    "mirror", "mission", "monkey", "monsoon", "moon", "mosquito", "mouse", "network", "news",
    "night", "ninja", "noble", "north", "november", "nugget", "ocean", "october", "office",
    "olympic", "omega", "one", "operation", "orange", "orbit", "orion", "outlook", "owl", "pacific",
    "page", "panda", "paper", "patch", "pay", "peace", "pearl", "penguin", "people", "phantom",
    "phoenix", "pilot", "pink", "pioneer", "pirate", "planet", "play", "player", "plugin", "point",
    "poison", "polar", "port", "power", "press", "prime", "prince", "project", "proxy", "pulse",
    "puma", "purple", "python", "queen", "quick", "rabbit", "radar", "rain", "ranger", "rat",
    "raven", "reaper", "rebel", "red", "remote", "research", "river", "robin", "rock", "rocket",
    "rocra", "rover", "royal", "ruby", "rust", "safe", "salt", "sand", "saturn", "scanner",
    "scarab", "scout", "sea", "search", "secret", "security", "seed", "september", "server",
    "service", "shadow", "shark", "shell", "shield", "silence", "silent", "silver", "sky", "smoke",
    "snake", "snow", "software", "solar", "space", "spark", "spider", "spring", "spy", "star",
    "state", "steel", "stone", "storm", "strike", "strong", "sun", "sunday", "swan", "system",
    "tank", "target", "team", "tempest", "thunder", "tick", "tiger", "time", "titan", "tool",
    "tornado", "tower", "trade", "trojan", "turtle", "twin", "typhoon", "union", "unknown",
    "update", "venom", "venus", "viper", "virus", "void", "volt", "vulcan", "war", "water", "web",
    "west", "whale", "white", "wild", "wind", "windows", "winter", "wire", "wolf", "word", "worm",
    "yellow", "zero", "zombie",
};

}  // namespace

bool IsCommonWord(std::string_view key) {
  return std::binary_search(std::begin(kWords), std::end(kWords), key);
}

}  // namespace rampart::extract
