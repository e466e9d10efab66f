// A realistic bike shop, as SQL, for npm run bench: about 3,000 customers with their
// bikes, 20,000 products (parts, tyres, tubes, apparel, bikes in sizes x colours as
// variants, labor), their barcodes, vendors and categories, serialized bike frames, and
// 100,000 stock movements in time order (stock is received before it is sold, so on_hand
// never goes negative). Deterministic: the same options give the same bytes (a seeded
// PRNG, no Math.random, no clock). Never applied to a real shop.
//
//   node scripts/realistic-shop.mjs --out shop.sql [--customers 3000 --products 20000 --movements 100000 --seed 1]
//
// It INSERTs straight into the tables of migrations/0005 and 0006 (the FTS tables and
// on_hand are kept by their triggers), in multi-row statements of at most ~90 KB each
// (D1 refuses a statement over 100 KB), one statement per line.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

// ---------------------------------------------------------------------------------------
// Randomness: sfc32 seeded through splitmix32; everything below draws from one stream.
export function prng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    // Index into a list whose first entries are the commonest (Zipf-like, exponent s).
    zipf: (n, s = 1) => {
      const key = `${n}:${s}`;
      let cdf = zipfCache.get(key);
      if (!cdf) {
        cdf = new Float64Array(n);
        let total = 0;
        for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 1, s);
        for (let i = 0; i < n; i++) cdf[i] /= total;
        zipfCache.set(key, cdf);
      }
      return search(cdf, next());
    },
    shuffle: (list) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    },
  };
  const zipfCache = new Map();
  return r;
}

// The first index whose cumulative weight exceeds x.
function search(cdf, x) {
  let lo = 0, hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------
// SQL text
const q = (v) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
const MAX_STATEMENT_BYTES = 90_000; // D1: 100 KB per statement

class Inserter {
  constructor(out, table, columns, { prefix = "", suffix = "" } = {}) {
    this.out = out;
    this.head = `${prefix}INSERT INTO ${table} (${columns.join(", ")}) VALUES `;
    this.suffix = suffix;
    this.rows = [];
    this.bytes = 0;
    this.count = 0;
  }
  add(...values) {
    const row = `(${values.map(q).join(", ")})`;
    const size = Buffer.byteLength(row) + 2;
    if (this.rows.length && this.head.length + this.bytes + size + this.suffix.length + 1 > MAX_STATEMENT_BYTES) this.flush();
    this.rows.push(row);
    this.bytes += size;
    this.count += 1;
  }
  flush() {
    if (!this.rows.length) return;
    this.out.push(`${this.head}${this.rows.join(", ")}${this.suffix};`);
    this.rows = [];
    this.bytes = 0;
  }
}

const ascii = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const slug = (s) => ascii(s).toUpperCase().replace(/[^A-Z0-9]+/g, "").slice(0, 6);

// EAN-13 / UPC-A (as 12 digits) check digits.
function withCheckDigit(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return digits + ((10 - (sum % 10)) % 10);
}

// ---------------------------------------------------------------------------------------
// The shop's world
const DAY = 86_400_000;
const START_MS = Date.UTC(2023, 0, 9, 17); // the shop opened its books here
const END_MS = Date.UTC(2025, 11, 20, 1);

const CATEGORIES = [
  ["Bikes", ["Road", "Gravel", "Mountain", "Hybrid & city", "E-bikes", "Kids"]],
  ["Components", ["Drivetrain", "Brakes", "Wheels & hubs", "Cockpit", "Saddles & seatposts", "Pedals", "Small parts & bearings"]],
  ["Tyres & tubes", ["Road tyres", "Mountain tyres", "City & touring tyres", "Tubes", "Tubeless"]],
  ["Accessories", ["Lights", "Locks", "Pumps", "Bags & racks", "Fenders", "Bottles & cages", "Computers"]],
  ["Apparel", ["Helmets", "Jerseys", "Shorts & bibs", "Gloves", "Shoes", "Jackets"]],
  ["Maintenance", ["Lubes & cleaners", "Tools"]],
  ["Nutrition", []],
  ["Service", []],
];

const VENDORS = [
  ["Shimano Canada", "SC-20481", "orders@shimano.example", "(604) 555-0140"],
  ["SRAM Distribution", "SR-7731", "ca-orders@sram.example", "(604) 555-0141"],
  ["Live To Play Sports", "LTP-00912", "orders@ltp.example", "(905) 555-0117"],
  ["Outdoor Gear Canada", "OGC-4410", "dealers@ogc.example", "(450) 555-0150"],
  ["Norco Bicycles", "NOR-3381", "dealer@norco.example", "(604) 555-0122"],
  ["Trek Bicycle Canada", "TRK-118204", "orders@trek.example", "(800) 555-0199"],
  ["Specialized Canada", "SPZ-55120", "dealer@specialized.example", "(800) 555-0170"],
  ["Rocky Mountain Bicycles", "RMB-2201", "sales@rocky.example", "(604) 555-0133"],
  ["Bikes Unlimited", "BU-8812", "orders@bikesunlimited.example", "(416) 555-0188"],
  ["Velotique", "VT-3010", "sales@velotique.example", "(450) 555-0161"],
  ["Continental Tire Canada", "CTC-1902", "bike@conti.example", "(905) 555-0102"],
  ["Schwalbe North America", "SNA-771", "dealers@schwalbe.example", "(855) 555-0110"],
  ["Park Tool", "PT-90322", "orders@parktool.example", "(651) 555-0144"],
  ["Clif Bar Canada", "CB-4421", "orders@clif.example", "(416) 555-0156"],
  ["Kryptonite", "KR-6610", "dealer@kryptonite.example", "(800) 555-0127"],
  ["Giant Bicycle Canada", "GNT-2290", "dealer@giant.example", "(905) 555-0129"],
];

// Parts (vendors are indexes into VENDORS): a family is a category, a SKU prefix, a price range, how often it sells, and the
// combinations that make its names.
const PART_FAMILIES = [
  {
    cat: "Tubes", sku: "TUBE", price: [799, 1899], pop: 12, qty: [10, 40], vendor: [2, 3, 8, 10, 11],
    brands: ["Continental", "Schwalbe", "Specialized", "Maxxis", "Kenda", "Vittoria", "Michelin"],
    items: (b) => cross(
      ["700x18-25c", "700x25-32c", "700x32-47c", "650x38-47b", "26x1.75-2.5", "27.5x1.9-2.5", "27.5x2.4-2.8", "29x1.75-2.5", "29x2.5-2.8", "24x1.75-2.1", "20x1.5-2.125", "16x1.75-2.125", "12.5x2.25"],
      ["presta 42 mm", "presta 60 mm", "presta 80 mm", "schrader"],
      (size, valve) => `${b} inner tube ${size} ${valve}`),
  },
  {
    cat: "Road tyres", sku: "TYR", price: [3999, 10999], pop: 6, qty: [4, 12], vendor: [2, 3, 10, 11],
    brands: ["Continental", "Schwalbe", "Vittoria", "Michelin", "Pirelli", "Specialized"],
    lines: { Continental: ["Grand Prix 5000 S TR", "Grand Prix 5000", "Gatorskin", "Ultra Sport 3", "Grand Prix 4-Season"],
      Schwalbe: ["Pro One TLE", "One", "Durano Plus", "Lugano II"], Vittoria: ["Corsa N.EXT", "Rubino Pro", "Zaffiro Pro"],
      Michelin: ["Power Cup", "Pro 5", "Lithion 4"], Pirelli: ["P Zero Race", "P Zero Velo", "Cinturato Velo"],
      Specialized: ["S-Works Turbo", "Turbo Pro", "RoadSport"] },
    items: (b, f) => cross(f.lines[b], ["700x23c", "700x25c", "700x28c", "700x30c", "700x32c"], ["black", "tan wall"],
      (line, size, wall) => `${b} ${line} ${size} ${wall}`),
  },
  {
    cat: "Mountain tyres", sku: "TYR", price: [5499, 11999], pop: 5, qty: [4, 10], vendor: [2, 3, 10, 11],
    brands: ["Maxxis", "Schwalbe", "Continental", "WTB", "Specialized", "Vittoria"],
    lines: { Maxxis: ["Minion DHF", "Minion DHR II", "Assegai", "Dissector", "Rekon", "Ardent", "Aggressor", "Ikon"],
      Schwalbe: ["Nobby Nic", "Racing Ralph", "Magic Mary", "Hans Dampf", "Big Betty", "Wicked Will"],
      Continental: ["Race King", "Mountain King", "Xynotal", "Kryptotal-F", "Argotal"],
      WTB: ["Vigilante", "Trail Boss", "Judge", "Verdict"], Specialized: ["Butcher", "Eliminator", "Purgatory", "Ground Control"],
      Vittoria: ["Mazza", "Agarro", "Martello"] },
    items: (b, f) => cross(f.lines[b], ["27.5x2.4", "27.5x2.5", "29x2.35", "29x2.4", "29x2.5", "29x2.6"], ["EXO TR", "DD TR", "wire"],
      (line, size, casing) => `${b} ${line} ${size} ${casing}`),
  },
  {
    cat: "City & touring tyres", sku: "TYR", price: [2999, 8999], pop: 4, qty: [4, 12], vendor: [2, 3, 10, 11],
    brands: ["Schwalbe", "Continental", "Kenda", "WTB"],
    lines: { Schwalbe: ["Marathon Plus", "Marathon", "Big Apple", "G-One Allround", "G-One Bite", "Kojak", "Marathon Winter Plus"],
      Continental: ["Contact Plus", "Ride Tour", "Terra Trail", "Terra Speed", "Top Contact Winter II"],
      Kenda: ["Kwest", "Kwick Journey", "Flintridge"], WTB: ["Riddler", "Byway", "Resolute", "Venture"] },
    items: (b, f) => cross(f.lines[b], ["700x35c", "700x38c", "700x40c", "700x45c", "650x47b", "26x2.0", "26x2.15", "20x1.75"], ["reflective", "black"],
      (line, size, side) => `${b} ${line} ${size} ${side}`),
  },
  {
    cat: "Drivetrain", sku: "CHN", price: [2499, 12999], pop: 8, qty: [3, 12], vendor: [0, 1, 2, 3],
    brands: ["Shimano", "SRAM", "KMC"],
    lines: { Shimano: ["CN-M8100 12-speed", "CN-M7100 12-speed", "CN-M6100 12-speed", "CN-HG701 11-speed", "CN-HG601 11-speed", "CN-HG54 10-speed", "CN-HG95 10-speed", "CN-HG40 6/7/8-speed", "CN-E8000 e-bike"],
      SRAM: ["XX Eagle T-Type", "X0 Eagle T-Type", "GX Eagle", "NX Eagle", "SX Eagle", "PC-1170 11-speed", "PC-1130 11-speed", "PC-1110 11-speed", "Force AXS", "Rival AXS", "PC-850 8-speed"],
      KMC: ["X12", "X11SL", "X11", "X10", "X9", "X8", "e12 Turbo", "Z1 single-speed"] },
    items: (b, f) => cross(f.lines[b], ["116 links", "126 links", "138 links"], ["", " with quick link"],
      (line, links, link) => `${b} ${line} chain ${links}${link}`),
  },
  {
    cat: "Drivetrain", sku: "CST", price: [3999, 44999], pop: 3, qty: [2, 6], vendor: [0, 1, 2],
    brands: ["Shimano", "SRAM", "SunRace"],
    lines: { Shimano: ["XTR CS-M9100", "Deore XT CS-M8100", "SLX CS-M7100", "Deore CS-M6100", "105 CS-R7000", "Ultegra CS-R8000", "Tiagra CS-HG500", "CS-HG41", "CUES CS-LG400"],
      SRAM: ["XG-1299 Eagle", "XG-1295 Eagle", "XG-1275 Eagle", "PG-1230 Eagle", "PG-1130", "XG-1270 Rival", "PG-850"],
      SunRace: ["CSMZ90", "CSMS8", "CSRX1", "CSM680"] },
    items: (b, f) => cross(f.lines[b], ["10-51T", "10-52T", "11-28T", "11-30T", "11-32T", "11-34T", "11-42T", "11-46T", "10-45T"],
      (line, range) => `${b} ${line} cassette ${range}`),
  },
  {
    cat: "Drivetrain", sku: "DRV", price: [2999, 39999], pop: 2, qty: [1, 4], vendor: [0, 1, 2, 3],
    brands: ["Shimano", "SRAM", "microSHIFT"],
    lines: { Shimano: ["Deore XT M8100", "SLX M7100", "Deore M6100", "105 R7000", "Ultegra R8000", "Tiagra 4700", "Sora R3000", "Claris R2000", "Altus M2000", "CUES U6000"],
      SRAM: ["GX Eagle", "NX Eagle", "SX Eagle", "X01 Eagle", "Apex", "Rival", "Force"], microSHIFT: ["Advent X", "Sword", "Acolyte"] },
    items: (b, f) => cross(f.lines[b], ["rear derailleur", "shifter right", "shifter left", "crankset 170 mm", "crankset 175 mm", "chainring 32T", "chainring 34T", "bottom bracket", "derailleur hanger kit", "pulley set"],
      (line, part) => `${b} ${line} ${part}`),
  },
  {
    cat: "Brakes", sku: "BRK", price: [1499, 32999], pop: 7, qty: [4, 20], vendor: [0, 1, 2, 3],
    brands: ["Shimano", "SRAM", "Kool-Stop", "SwissStop", "TRP", "Magura", "Jagwire"],
    lines: { Shimano: ["B05S resin pads", "G05S metal pads", "J05A resin pads", "L05A resin pads", "N03A resin pads", "K05S resin pads", "RT-MT800 rotor", "SM-RT64 rotor", "RT-MT900 rotor", "BR-MT200 brake", "Deore XT M8120 4-piston brake", "SLX M7100 brake", "mineral oil 100 ml", "bleed kit"],
      SRAM: ["organic pads Level/Guide", "sintered pads Level/Guide", "Centerline rotor", "HS2 rotor", "Level TL brake", "Code RSC brake", "DOT 5.1 fluid 120 ml", "Pro bleed kit"],
      "Kool-Stop": ["Salmon road pads", "dual compound pads", "disc pads D620", "disc pads D635"], SwissStop: ["BXP pads", "Disc 34 RS pads", "Catalyst rotor"],
      TRP: ["Slate T4 brake", "DH-R EVO brake", "Spyre brake", "C9.0 pads"], Magura: ["MT5 brake", "MT Trail Sport", "9.P pads", "Storm HC rotor"],
      Jagwire: ["Pro brake cable kit", "Sport brake cable kit", "hydraulic hose 3 m"] },
    items: (b, f) => cross(f.lines[b], ["", " 160 mm", " 180 mm", " 203 mm"],
      (line, size) => (/rotor/.test(line) ? `${b} ${line}${size || " 140 mm"}` : size ? null : `${b} ${line}`)),
  },
  {
    cat: "Wheels & hubs", sku: "WHL", price: [8999, 149999], pop: 1, qty: [1, 3], vendor: [2, 3, 8, 9],
    brands: ["DT Swiss", "Shimano", "Mavic", "Hunt", "Roval", "WTB", "Bontrager"],
    items: (b) => cross(["700c front", "700c rear", "29 front", "29 rear", "27.5 front", "27.5 rear"], ["disc centerlock", "disc 6-bolt", "rim brake"], ["", " boost"],
      (where, brake, boost) => (boost && where.startsWith("700c")) || (brake === "rim brake" && !where.startsWith("700c")) ? null : `${b} ${where} wheel ${brake}${boost}`),
  },
  {
    cat: "Small parts & bearings", sku: "SPK", price: [99, 499], pop: 2, qty: [20, 100], vendor: [2, 3, 9],
    brands: ["DT Swiss", "Sapim"],
    lines: { "DT Swiss": ["Competition", "Champion", "Aerolite", "Alpine III"], Sapim: ["Race", "CX-Ray", "Leader", "Strong"] },
    items: (b, f) => cross(f.lines[b], range(240, 310, 2), ["black", "silver"], (line, mm, colour) => `${b} ${line} spoke ${mm} mm ${colour}`),
  },
  {
    cat: "Small parts & bearings", sku: "BRG", price: [899, 5999], pop: 1, qty: [2, 10], vendor: [2, 3, 9],
    brands: ["Enduro", "SKF", "Wheels Manufacturing"],
    items: (b) => cross(["6000", "6001", "6802", "6803", "6804", "6805", "6806", "6900", "6901", "6902", "6903", "6904", "61800", "61900", "MR17287", "MR15267", "MR2437"], ["2RS", "LLB", "MAX", "ceramic hybrid"],
      (size, type) => `${b} ${size} ${type} cartridge bearing`),
  },
  {
    cat: "Cockpit", sku: "CKP", price: [1999, 24999], pop: 3, qty: [2, 8], vendor: [2, 3, 8, 9],
    brands: ["Ergon", "ODI", "Lizard Skins", "Supacaz", "fizik", "Race Face", "Renthal", "Easton", "Zipp", "Thomson"],
    items: (b) => cross(["lock-on grips", "bar tape", "riser bar 780 mm", "flat bar 720 mm", "drop bar 42 cm", "drop bar 44 cm", "stem 50 mm", "stem 90 mm", "stem 100 mm", "stem 110 mm", "headset spacer kit"], ["black", "red", "blue", "grey", "orange", "white"],
      (part, colour) => (/stem|bar \d|spacer/.test(part) && !["black", "grey"].includes(colour) ? null : `${b} ${part} ${colour}`)),
  },
  {
    cat: "Saddles & seatposts", sku: "SAD", price: [3999, 34999], pop: 2, qty: [1, 4], vendor: [2, 3, 6, 9],
    brands: ["Selle Italia", "fizik", "WTB", "Specialized", "Ergon", "Brooks", "PNW", "OneUp", "Fox"],
    items: (b) => cross(["saddle 135 mm", "saddle 143 mm", "saddle 155 mm", "dropper post 150 mm", "dropper post 170 mm", "dropper post 200 mm", "seatpost 27.2", "seatpost 31.6", "seat clamp 34.9"], ["black", "brown"],
      (part, colour) => (colour === "brown" && !/saddle/.test(part) ? null : `${b} ${part} ${colour}`)),
  },
  {
    cat: "Pedals", sku: "PED", price: [2999, 29999], pop: 2, qty: [1, 6], vendor: [0, 2, 3],
    brands: ["Shimano", "Crankbrothers", "Race Face", "OneUp", "Look", "Time", "DMR"],
    lines: { Shimano: ["PD-M520", "PD-M540", "PD-M8100 XT", "PD-M8140 XT Trail", "PD-R7000 105", "PD-R8000 Ultegra", "PD-EH500", "SM-SH51 cleats", "SM-SH11 cleats"],
      Crankbrothers: ["Candy 1", "Candy 3", "Eggbeater 2", "Mallet E", "Stamp 1 small", "Stamp 1 large", "Stamp 7", "cleats"],
      "Race Face": ["Chester", "Atlas", "Aeffect R"], OneUp: ["Composite", "Aluminum"], Look: ["Keo Classic 3", "Keo Blade", "Keo cleats grey"],
      Time: ["ATAC XC 4", "Speciale 8"], DMR: ["V8", "V12", "Vault"] },
    items: (b, f) => cross(f.lines[b], ["black", "silver", "orange", "blue", "oil slick"],
      (line, colour) => (/cleats/.test(line) && colour !== "black" ? null : `${b} ${line} pedals ${colour}`.replace(" cleats pedals", " cleats"))),
  },
  {
    cat: "Lights", sku: "LGT", price: [1999, 29999], pop: 4, qty: [2, 10], vendor: [2, 3, 8, 9],
    brands: ["Knog", "Lezyne", "Cygolite", "Bontrager", "NiteRider", "Magicshine", "Light & Motion"],
    items: (b) => cross(["front light 400 lm", "front light 800 lm", "front light 1200 lm", "front light 1800 lm", "rear light 100 lm", "rear light 250 lm", "light set 600/100", "helmet mount"], ["USB-C", "with remote", "daytime flash"],
      (model, kind) => `${b} ${model} ${kind}`),
  },
  {
    cat: "Locks", sku: "LCK", price: [1999, 21999], pop: 3, qty: [2, 8], vendor: [2, 3, 14],
    brands: ["Kryptonite", "Abus", "OnGuard", "Hiplok"],
    items: (b) => cross(["mini U-lock", "standard U-lock", "U-lock with cable", "folding lock 85 cm", "folding lock 110 cm", "chain lock 90 cm", "chain lock 120 cm", "cable lock 1.8 m", "frame lock", "wearable lock"], ["level 6", "level 8", "level 10", "level 12"],
      (model, level) => `${b} ${model} ${level}`),
  },
  {
    cat: "Pumps", sku: "PMP", price: [1499, 24999], pop: 3, qty: [2, 8], vendor: [2, 3, 12],
    brands: ["Lezyne", "Topeak", "Silca", "Blackburn", "Park Tool", "Specialized"],
    items: (b) => cross(["floor pump", "mini pump", "CO2 inflator", "CO2 cartridge 16 g 2-pack", "CO2 cartridge 25 g", "shock pump", "tubeless booster", "gauge"], ["black", "silver", "red"],
      (model, colour) => (/cartridge|gauge/.test(model) && colour !== "black" ? null : `${b} ${model} ${colour}`)),
  },
  {
    cat: "Bags & racks", sku: "BAG", price: [1999, 24999], pop: 2, qty: [1, 6], vendor: [2, 3, 9],
    brands: ["Ortlieb", "Topeak", "Arkel", "Restrap", "Blackburn", "Tubus", "Thule", "Timbuk2"],
    items: (b) => cross(["pannier 20 L", "pannier pair 40 L", "saddle bag 0.8 L", "saddle bag 1.5 L", "frame bag M", "frame bag L", "top tube bag", "handlebar bag 8 L", "rear rack", "front rack", "trunk bag"], ["black", "grey", "high-vis yellow", "olive"],
      (model, colour) => (/rack/.test(model) && colour !== "black" ? null : `${b} ${model} ${colour}`)),
  },
  {
    cat: "Fenders", sku: "FND", price: [1999, 9999], pop: 2, qty: [2, 8], vendor: [2, 3, 9],
    brands: ["SKS", "Planet Bike", "Portland Design Works", "Mucky Nutz", "Ass Savers"],
    items: (b) => cross(["fender set 700x35", "fender set 700x45", "fender set 650b", "fender set 26 in", "clip-on front", "clip-on rear", "mudflap"], ["black", "silver"],
      (model, colour) => `${b} ${model} ${colour}`),
  },
  {
    cat: "Bottles & cages", sku: "BTL", price: [899, 5999], pop: 5, qty: [6, 24], vendor: [2, 3, 6, 9],
    brands: ["Specialized", "Camelbak", "Elite", "Arundel", "King Cage", "Zefal"],
    items: (b) => cross(["bottle 620 ml", "bottle 750 ml", "insulated bottle 550 ml", "insulated bottle 710 ml", "cage", "side-entry cage", "hydration pack 6 L"], ["clear", "black", "blue", "red", "white", "smoke", "green"],
      (model, colour) => `${b} ${model} ${colour}`),
  },
  {
    cat: "Computers", sku: "CMP", price: [2999, 79999], pop: 1, qty: [1, 3], vendor: [2, 3],
    brands: ["Garmin", "Wahoo", "Hammerhead", "Cateye"],
    items: (b) => cross(["GPS computer", "GPS computer bundle", "speed sensor", "cadence sensor", "heart rate strap", "out-front mount", "radar tail light"], ["", " (2024)", " (2025)"],
      (model, year) => `${b} ${model}${year}`),
  },
  {
    cat: "Lubes & cleaners", sku: "LUB", price: [799, 3999], pop: 9, qty: [6, 24], vendor: [2, 3, 9],
    brands: ["Finish Line", "Muc-Off", "Squirt", "Rock N Roll", "WD-40 Bike", "Silca", "Park Tool", "Motorex"],
    items: (b) => cross(["wet chain lube", "dry chain lube", "wax lube", "ceramic lube", "degreaser", "bike wash", "grease", "carbon paste", "tubeless sealant"], ["60 ml", "120 ml", "500 ml", "1 L"],
      (model, size) => `${b} ${model} ${size}`),
  },
  {
    cat: "Tools", sku: "TL", price: [599, 39999], pop: 2, qty: [1, 6], vendor: [12, 2, 3],
    brands: ["Park Tool", "Pedro's", "Topeak", "Unior", "Abbey Bike Tools"],
    lines: { "Park Tool": ["CT-3.3 chain tool", "CT-5 mini chain brute", "TL-1.2 tire levers", "PCS-10.3 repair stand", "PCS-9.3 repair stand", "HXS-1.2 hex set", "SW-7.2 spoke wrench", "BBT-69.2 bottom bracket tool", "CC-3.2 chain checker", "IB-3 multi-tool", "PP-1.2 patch kit", "FR-5.2 cassette lockring tool", "TW-6.2 torque wrench", "AWS-10 hex wrench"],
      "Pedro's": ["tyre levers", "chain checker plus", "trixie", "ICW multi-tool", "pro hex set"], Topeak: ["Mini 20 Pro", "Hexus X", "Ratchet Rocket Lite", "Alien III"],
      Unior: ["pro hex set", "cone wrench set", "cable cutter"], "Abbey Bike Tools": ["hanger alignment gauge", "crombie", "bottle opener"] },
    items: (b, f) => cross(f.lines[b], ["", " shop edition"], (line, ed) => (ed && !/stand|set|wrench|gauge/.test(line) ? null : `${b} ${line}${ed}`)),
  },
  {
    cat: "Nutrition", sku: "NUT", price: [199, 5999], pop: 10, qty: [12, 48], vendor: [13, 2, 3],
    brands: ["Clif", "GU", "Skratch Labs", "Honey Stinger", "Maurten", "Nuun", "Enervit"],
    items: (b) => cross(["energy gel", "energy chews", "energy bar", "hydration mix", "recovery drink", "electrolyte tabs"],
      ["vanilla", "chocolate", "salted caramel", "lemon", "raspberry", "strawberry", "mixed berry", "espresso", "orange", "unflavoured"], ["single", "box of 12", "box of 24"],
      (model, flavour, pack) => `${b} ${model} ${flavour} ${pack}`),
  },
  {
    cat: "Tubeless", sku: "TLS", price: [999, 8999], pop: 3, qty: [3, 12], vendor: [2, 3, 9],
    brands: ["Stan's NoTubes", "Orange Seal", "Muc-Off", "Peaty's", "CushCore", "DT Swiss"],
    items: (b) => cross(["sealant 60 ml", "sealant 500 ml", "valves 44 mm", "valves 60 mm", "valves 80 mm", "rim tape 21 mm", "rim tape 25 mm", "rim tape 30 mm", "plug kit", "tyre insert 29", "tyre insert 27.5"], ["", " (2 pack)"],
      (model, pack) => (pack && !/valves|insert/.test(model) ? null : `${b} ${model}${pack}`)),
  },
];

// Apparel and helmets: a model in sizes (and colours), the sizes as variants.
const APPAREL = [
  { cat: "Helmets", sku: "HLM", price: [5999, 34999], pop: 3, sizes: ["S", "M", "L"], vendor: [2, 5, 6, 3],
    brands: ["Giro", "Bell", "Smith", "POC", "Specialized", "Bontrager", "Lazer", "Kali"], models: ["Syntax MIPS", "Fixture MIPS", "Aether MIPS", "Register", "Align", "Ventral", "Tectal", "Axion", "Chamber", "Evoke", "Sphere", "Codex"] },
  { cat: "Jerseys", sku: "JSY", price: [4999, 19999], pop: 2, sizes: ["XS", "S", "M", "L", "XL", "XXL"], vendor: [2, 3, 9],
    brands: ["Pearl Izumi", "Rapha", "Castelli", "Endura", "Fox", "Troy Lee Designs", "Specialized", "7mesh"], models: ["Attack jersey", "Quest jersey", "Core jersey", "Ranger jersey", "Flexair jersey", "Summit LS jersey", "Trail tee", "Pro Team jersey"] },
  { cat: "Shorts & bibs", sku: "SHT", price: [6999, 29999], pop: 2, sizes: ["XS", "S", "M", "L", "XL", "XXL"], vendor: [2, 3, 9],
    brands: ["Pearl Izumi", "Rapha", "Castelli", "Endura", "Fox", "Specialized", "7mesh"], models: ["bib short", "liner short", "trail short", "Pro bib tights", "baggy short", "women's bib short"] },
  { cat: "Gloves", sku: "GLV", price: [2499, 8999], pop: 3, sizes: ["XS", "S", "M", "L", "XL"], vendor: [2, 3, 9],
    brands: ["Giro", "Fox", "Pearl Izumi", "Specialized", "100%", "Troy Lee Designs", "POC"], models: ["full-finger glove", "short-finger glove", "winter glove", "Ranger glove", "Airmatic glove"] },
  { cat: "Shoes", sku: "SHO", price: [9999, 44999], pop: 1, sizes: ["40", "41", "42", "43", "44", "45", "46", "47"], vendor: [0, 2, 3, 9],
    brands: ["Shimano", "Specialized", "Giro", "Five Ten", "Fizik", "Sidi", "Crankbrothers"], models: ["road shoe", "MTB clipless shoe", "flat pedal shoe", "gravel shoe", "winter boot"] },
  { cat: "Jackets", sku: "JKT", price: [9999, 39999], pop: 1, sizes: ["XS", "S", "M", "L", "XL", "XXL"], vendor: [2, 3, 9],
    brands: ["Endura", "Castelli", "Showers Pass", "7mesh", "Arc'teryx", "Gore Wear"], models: ["rain jacket", "wind shell", "insulated vest", "softshell jacket", "commuter jacket"] },
];
const CLOTHING_COLOURS = ["black", "navy", "red", "olive", "grey", "white", "orange", "teal"];

// Bikes: models of a brand in a year, each in sizes x colours; the variants are serialized.
const BIKE_BRANDS = [
  { brand: "Trek", vendor: 5, serial: "trek", models: { Road: ["Domane SL 5", "Domane AL 2", "Emonda SL 6", "Madone SL 7"], Gravel: ["Checkpoint ALR 5", "Checkpoint SL 5"], Mountain: ["Marlin 5", "Marlin 7", "Roscoe 7", "Fuel EX 8", "Slash 8", "Top Fuel 7"], "Hybrid & city": ["FX 2", "FX 3", "Dual Sport 2", "Verve 2"], "E-bikes": ["Allant+ 7", "Rail 9.7", "FX+ 2"], Kids: ["Precaliber 20", "Precaliber 24", "Wahoo 26"] } },
  { brand: "Specialized", vendor: 6, serial: "spz", models: { Road: ["Allez", "Tarmac SL7 Comp", "Roubaix Sport", "Aethos Comp"], Gravel: ["Diverge E5", "Diverge Comp", "Crux Comp"], Mountain: ["Rockhopper Sport", "Rockhopper Expert", "Chisel", "Stumpjumper Comp", "Epic Evo", "Enduro Comp"], "Hybrid & city": ["Sirrus 2.0", "Sirrus X 3.0", "Roll 2.0"], "E-bikes": ["Turbo Vado 4.0", "Turbo Como 3.0", "Turbo Levo Comp"], Kids: ["Riprock 20", "Riprock 24", "Jett 16"] } },
  { brand: "Norco", vendor: 4, serial: "norco", models: { Road: ["Search XR A1"], Gravel: ["Search XR C2"], Mountain: ["Fluid FS 2", "Fluid FS 4", "Optic C2", "Sight A1", "Range C3", "Storm 3"], "Hybrid & city": ["Indie 2", "XFR 3"], "E-bikes": ["Sight VLT C2", "Indie VLT 1"], Kids: ["Storm 2.3 24", "Charger 2.2 20"] } },
  { brand: "Rocky Mountain", vendor: 7, serial: "rocky", models: { Mountain: ["Element C70", "Instinct A30", "Altitude C50", "Growler 40", "Soul 10", "Fusion 40"], "E-bikes": ["Powerplay Altitude A70", "Instinct Powerplay A50"], Gravel: ["Solo A30"] } },
  { brand: "Giant", vendor: 15, serial: "giant", models: { Road: ["Contend AR 3", "TCR Advanced 2", "Defy Advanced 2"], Gravel: ["Revolt Advanced 2", "Revolt 1"], Mountain: ["Talon 2", "Trance X 2", "Reign 2", "Stance 1"], "Hybrid & city": ["Escape 3", "Cypress DX", "FastRoad AR 2"], "E-bikes": ["Explore E+ 3", "Trance X E+ 2"], Kids: ["ARX 20", "Talon Jr 24"] } },
  { brand: "Cannondale", vendor: 8, serial: "cdale", models: { Road: ["CAAD Optimo 3", "Synapse Carbon 4", "SuperSix EVO 4"], Gravel: ["Topstone 3", "Topstone Carbon 5"], Mountain: ["Trail 6", "Habit 4", "Scalpel HT"], "Hybrid & city": ["Quick 4", "Treadwell 3"], "E-bikes": ["Tesoro Neo X 2"] } },
  { brand: "Surly", vendor: 3, serial: "surly", models: { Gravel: ["Straggler", "Bridge Club", "Midnight Special"], "Hybrid & city": ["Cross-Check", "Disc Trucker", "Preamble"], Mountain: ["Karate Monkey", "Krampus"] } },
  { brand: "Kona", vendor: 3, serial: "kona", models: { Gravel: ["Rove", "Sutra", "Libre"], Mountain: ["Honzo", "Process 134", "Lana'i", "Fire Mountain"], "Hybrid & city": ["Dew", "Coco"] } },
  { brand: "Brodie", vendor: 9, serial: "brodie", models: { Gravel: ["Romax", "Elan"], "Hybrid & city": ["Dynamo", "Section 8"], Mountain: ["Jabber", "Holeshot"] } },
];
const BIKE_SIZES = {
  Road: ["49", "52", "54", "56", "58", "61"], Gravel: ["49", "52", "54", "56", "58", "61"],
  Mountain: ["XS", "S", "M", "L", "XL"], "Hybrid & city": ["XS", "S", "M", "L", "XL"], "E-bikes": ["S", "M", "L", "XL"],
  Kids: ["one size"],
};
const BIKE_COLOURS = ["Matte Black", "Gloss Red", "Crystal White", "Satin Olive", "Deep Blue", "Gunmetal", "Sage Green", "Lithium Grey", "Voodoo Purple", "Hi-Vis Orange"];
const BIKE_PRICES = { Road: [129999, 649999], Gravel: [119999, 449999], Mountain: [79999, 699999], "Hybrid & city": [59999, 169999], "E-bikes": [299999, 899999], Kids: [34999, 89999] };

const LABOR = [
  ["Tune-up, basic", 60, 8900], ["Tune-up, full", 120, 16900], ["Overhaul", 240, 32900], ["Flat repair", 15, 1800],
  ["Tubeless setup, per wheel", 20, 2500], ["Brake adjustment", 15, 1800], ["Brake bleed, per brake", 30, 4500],
  ["Derailleur adjustment", 15, 1800], ["Wheel true", 20, 2500], ["Spoke replacement", 20, 2500], ["Wheel build", 90, 12000],
  ["Chain replacement", 10, 1200], ["Cable and housing, per cable", 15, 2000], ["Bar tape install", 15, 1800],
  ["Headset service", 45, 5500], ["Bottom bracket service", 45, 5500], ["Hub service, per hub", 45, 5500],
  ["Suspension fork lower service", 60, 9000], ["Rear shock air can service", 45, 7000], ["Dropper post service", 45, 6500],
  ["Bike build, new", 90, 0], ["Bike assembly from box", 120, 15000], ["E-bike diagnostics", 30, 4500],
  ["Bike fit, basic", 60, 12000], ["Bike fit, full", 150, 27500], ["Shop time, per 15 min", 15, 2000],
];

const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Charlotte", "Oliver", "Amelia", "William", "Sophia", "James", "Ava", "Benjamin", "Mia", "Lucas", "Chloé", "Ethan", "Emily", "Jacob", "Zoë", "Leo",
  "Harper", "Mason", "Ella", "Logan", "Avery", "Jack", "Evelyn", "Owen", "Abigail", "Hudson", "Scarlett", "Henry", "Nora", "Sebastian", "Hannah", "Alexander", "Maya", "Daniel", "Léa", "Matthew",
  "Grace", "Samuel", "Isla", "Nathan", "Aria", "Ryan", "Claire", "David", "Lily", "Michael", "Sarah", "John", "Jessica", "Robert", "Jennifer", "Mark", "Karen", "Paul", "Heather", "Andrew",
  "Wei", "Jun", "Mei", "Hiroshi", "Yuki", "Priya", "Arjun", "Harpreet", "Gurpreet", "Rajesh", "Anjali", "Minh", "Linh", "Thanh", "Ji-woo", "Min-jun", "Seo-yeon", "Fatima", "Omar", "Aisha",
  "Mohammed", "Ali", "Sofia", "Mateo", "Valentina", "Diego", "Camila", "José", "María", "Luis", "Ana", "Kai", "Tane", "Siobhan", "Niamh", "Ciarán", "Aoife", "Björn", "Ingrid", "Søren",
  "Anneke", "Pieter", "François", "Geneviève", "Mathieu", "Élise", "Renée", "Raphaël", "Dominik", "Katarzyna", "Tomasz", "Olga", "Dmitri", "Irina", "Kwame", "Amara", "Chidi", "Zanele", "Tariq", "Leila"];
const LAST = ["Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Gagnon", "Johnson", "Taylor", "Lee", "Wong", "Chan", "Nguyen", "Singh", "Anderson", "Thompson", "Campbell", "Kim", "Patel",
  "Li", "Chen", "Wang", "Zhang", "Liu", "Leung", "Cheung", "Gill", "Sandhu", "Dhillon", "Grewal", "Sidhu", "Tran", "Pham", "Le", "Park", "Choi", "Jung", "Yamamoto", "Tanaka",
  "Stewart", "Robertson", "Scott", "Murray", "Reid", "Young", "Mitchell", "Walker", "White", "Clark", "Lewis", "Hall", "Allen", "King", "Wright", "Hill", "Green", "Baker", "Adams", "Nelson",
  "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gélinas", "Bélanger", "Lévesque", "Pelletier", "O'Brien", "O'Neill", "Murphy", "Kelly", "Ryan", "Sullivan", "McLeod", "McKenzie", "MacLean", "Fraser",
  "Smithers", "Smyth", "Schmidt", "Müller", "Fischer", "Weber", "Becker", "Hoffmann", "Jansen", "de Vries", "van der Berg", "Bakker", "Visser", "Nowak", "Kowalski", "Wiśniewski", "Ivanov", "Petrov", "Novak", "Horvat",
  "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Silva", "Santos", "Costa", "Ferreira", "Rossi", "Russo", "Ferrari", "Esposito",
  "Ahmed", "Khan", "Hussain", "Ali", "Rahman", "Hassan", "Ibrahim", "Haddad", "Nasser", "Okafor", "Mensah", "Osei", "Ndlovu", "Dube", "Thomas", "Jackson", "Harris", "Moore", "Martel", "Dubois",
  "Smithson", "Stone", "Rowe", "Cole", "Bishop", "Fox", "Lam", "Ho", "Ng", "Yip", "Tse", "Mak", "Kaur", "Sharma", "Gupta", "Mehta", "Joshi", "Reddy", "Iyer", "Nair"];
const COMPANIES = ["Coastal Courier Co.", "Eastside Bike Delivery", "Granville Island Tours", "Pedal Power Catering", "Mountain Trails Guiding", "Harbour Parks Board", "North Shore Rescue", "Kits Physio", "Fraser Valley Cycling Club", "Main St. Coffee", "Lululemon Athletica", "City of Vancouver Fleet"];
const DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.ca", "shaw.ca", "telus.net", "icloud.com", "protonmail.com", "sfu.ca", "ubc.ca"];
const AREA_CODES = ["604", "604", "604", "778", "778", "236", "250", "672"];
const NOTES = ["Prefers text over calls.", "Has a second bike in storage.", "Club discount 10%.", "Commutes daily, winter tyres in November.", "Allergic to latex gloves.", "Likes Shimano, not SRAM.", "Pays on account.", "Ask about the fork service next spring."];
const OTHER_MAKES = ["Devinci", "Marin", "Santa Cruz", "Yeti", "Cervélo", "Bianchi", "Pinarello", "Felt", "Fuji", "Raleigh", "Miele", "Opus", "Louis Garneau", "Brompton", "Rad Power Bikes", "Riese & Müller", "Tern", "Canyon", "Scott", "Orbea"];

function cross(...args) {
  const make = args.pop();
  const out = [];
  const walk = (i, picked) => {
    if (i === args.length) {
      const name = make(...picked);
      if (name) out.push(name.replace(/\s+/g, " ").trim());
      return;
    }
    for (const v of args[i]) walk(i + 1, [...picked, v]);
  };
  walk(0, []);
  return out;
}
function range(from, to, step) {
  const out = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

// ---------------------------------------------------------------------------------------
export function generateShop({ customers = 3000, products = 20000, movements = 100000, seed = 1 } = {}) {
  const rng = prng(seed);
  const out = [];
  out.push("-- A realistic bike shop for npm run bench, generated by scripts/realistic-shop.mjs " +
    `(seed ${seed}, ${customers} customers, ${products} products, ${movements} movements). Not for a real shop.`);
  const at = (frac) => Math.floor(START_MS + frac * (END_MS - START_MS));

  // Categories and vendors
  const categories = new Inserter(out, "categories", ["id", "parent_id", "name", "created_at_ms"]);
  const categoryId = new Map();
  let nextCategory = 1;
  for (const [top, children] of CATEGORIES) {
    const id = nextCategory++;
    categoryId.set(top, id);
    categories.add(id, null, top, START_MS);
    for (const child of children) {
      categoryId.set(child, nextCategory);
      categories.add(nextCategory++, id, child, START_MS);
    }
  }
  categories.flush();
  const vendors = new Inserter(out, "vendors", ["id", "name", "account_number", "email", "phone", "created_at_ms"]);
  VENDORS.forEach(([name, account, email, phone], i) => vendors.add(i + 1, name, account, email, phone, START_MS));
  vendors.flush();

  // Products: every row a plain object first; SQL at the end.
  const rows = [];
  const skus = new Set();
  const uniqueSku = (base) => {
    let sku = base.slice(0, 60);
    for (let n = 2; skus.has(sku.toLowerCase()); n++) sku = `${base.slice(0, 56)}-${n}`;
    skus.add(sku.toLowerCase());
    return sku;
  };
  const roundPrice = (cents) => Math.max(99, Math.round(cents / 100) * 100 - 1); // $xx.99
  const priceIn = ([lo, hi]) => roundPrice(lo + Math.pow(rng.next(), 2) * (hi - lo));
  const add = (p) => {
    if (rows.length >= products) return null;
    p.id = rows.length + 1;
    p.created_at_ms = at(rng.next() * 0.05);
    rows.push(p);
    return p;
  };

  // Service, fees, a gift card and special orders: few rows, always there.
  for (const [name, minutes, price] of LABOR)
    add({ kind: "labor", sku: uniqueSku(`LAB-${slug(name)}`), name, category: "Service", tax: "labor", price, minutes, pop: 0 });
  for (const [name, price] of [["Bike disposal fee", 1500], ["Rush service fee", 3000], ["Shipping, local", 1500], ["Tire disposal levy", 200]])
    add({ kind: "fee", sku: uniqueSku(`FEE-${slug(name)}`), name, category: "Service", tax: "goods", price, pop: 0 });
  add({ kind: "gift_card", sku: uniqueSku("GIFT-CARD"), name: "Gift card", category: null, tax: "exempt", price: 0, discountable: 0, pop: 0 });
  for (const what of ["Special order part", "Special order bike", "Special order apparel", "Warranty replacement"])
    add({ kind: "non_stock", sku: uniqueSku(`SO-${slug(what)}`), name: what, category: null, tax: "goods", price: 0, pop: 0 });

  // Budget: bikes about 15%, apparel about 10%, the rest parts and accessories.
  const bikeBudget = Math.floor(products * 0.15);
  const apparelBudget = Math.floor(products * 0.1);
  const bikeModels = [];
  for (const b of BIKE_BRANDS)
    for (const [cat, models] of Object.entries(b.models)) for (const model of models) bikeModels.push({ ...b, cat, model });
  const start = rows.length;
  let round = 0;
  while (rows.length - start < bikeBudget && rows.length < products) {
    for (const m of rng.shuffle([...bikeModels])) {
      if (rows.length - start >= bikeBudget || rows.length >= products) break;
      const year = 2022 + ((round + rng.int(0, 1)) % 5);
      const price = priceIn(BIKE_PRICES[m.cat]);
      const code = `${slug(m.brand).slice(0, 3)}-${slug(m.model)}-${String(year).slice(2)}`;
      const parent = add({ kind: "stock", sku: uniqueSku(code), name: `${m.brand} ${m.model} ${year}`, brand: m.brand, year, category: m.cat,
        price, msrp: price, pop: 0, vendor: [m.vendor], serialBrand: m.serial });
      if (!parent) break;
      const colours = rng.shuffle([...BIKE_COLOURS]).slice(0, rng.int(1, 3));
      for (const size of BIKE_SIZES[m.cat])
        for (const colour of colours)
          add({ kind: "stock", parent: parent.id, sku: uniqueSku(`${code}-${size.replace(" ", "")}-${slug(colour).slice(0, 3)}`),
            name: `${m.brand} ${m.model} ${year} ${size} ${colour}`, brand: m.brand, year, size, colour, category: m.cat,
            price, msrp: price, serialized: 1, pop: 0.35 * (size === "M" || size === "54" || size === "L" ? 2 : 1), qty: [1, 3],
            vendor: [m.vendor], serialBrand: m.serial, barcodes: 1 });
    }
    round += 1;
  }
  const apparelStart = rows.length;
  const apparelModels = [];
  for (const a of APPAREL) for (const brand of a.brands) for (const model of a.models) apparelModels.push({ ...a, brand, model });
  rng.shuffle(apparelModels);
  for (let i = 0; rows.length - apparelStart < apparelBudget && rows.length < products; i++) {
    const a = apparelModels[i % apparelModels.length];
    const colour = rng.pick(CLOTHING_COLOURS);
    const season = 2022 + Math.floor(i / apparelModels.length);
    const price = priceIn(a.price);
    const code = `${a.sku}-${slug(a.brand).slice(0, 3)}-${slug(a.model)}-${slug(colour).slice(0, 3)}`;
    const parent = add({ kind: "stock", sku: uniqueSku(code), name: `${a.brand} ${a.model} ${colour}`, brand: a.brand, year: season, colour,
      category: a.cat, price, msrp: price, pop: 0, vendor: a.vendor });
    if (!parent) break;
    for (const size of a.sizes)
      add({ kind: "stock", parent: parent.id, sku: uniqueSku(`${code}-${size}`), name: `${a.brand} ${a.model} ${colour} ${size}`, brand: a.brand,
        year: season, size, colour, category: a.cat, price, msrp: price, pop: a.pop * (size === "M" || size === "L" || size === "43" ? 1.5 : 1),
        qty: [1, 4], vendor: a.vendor, barcodes: 1 });
  }

  // Parts: every family's names, dealt out in turn until full. A real catalogue carries
  // the same item again as a new model year or a distributor's bulk pack: once every
  // combination is used, the next rounds add those.
  const families = PART_FAMILIES.map((f) => f.brands.flatMap((b) => f.items(b, f).map((name) => ({ f, brand: b, name }))));
  const editions = ["", " (2025 model)", " (shop bulk pack)", " (prev. model)", " (OEM)", " (2026 model)", " (clearance)"];
  for (let edition = 0; rows.length < products; edition++) {
    const suffix = editions[edition] ?? ` (lot ${edition})`;
    const queues = families.map((list) => rng.shuffle([...list]));
    for (let progress = true; progress && rows.length < products; ) {
      progress = false;
      for (const qu of queues) {
        const x = qu.pop();
        if (!x || rows.length >= products) continue;
        progress = true;
        const { f, brand } = x;
        const price = priceIn(f.price);
        add({ kind: "stock", sku: uniqueSku(`${f.sku}-${slug(brand).slice(0, 4)}-${rng.int(10000, 99999)}`), name: x.name + suffix, brand, category: f.cat,
          price, msrp: rng.chance(0.7) ? price : null, pop: f.pop * Math.pow(rng.next(), 2), qty: f.qty, vendor: f.vendor,
          barcodes: rng.chance(0.92) ? (rng.chance(0.12) ? 2 : 1) : 0, reorder: true });
      }
    }
  }

  // Barcodes: EAN-13 under a GS1 prefix per brand (UPC-A for some), unique shop-wide.
  const brandPrefix = new Map();
  const codes = new Set();
  const barcodes = [];
  const newCode = (brand, upc) => {
    for (;;) {
      let prefix = brandPrefix.get(brand);
      if (!prefix) brandPrefix.set(brand, (prefix = String(rng.int(400, 899)) + String(rng.int(1000, 9999))));
      const body = upc ? `0${String(rng.int(10000, 99999))}${String(rng.int(100000, 999999))}` : `${prefix}${String(rng.int(10000, 99999))}`;
      const code = upc ? withCheckDigit(body.slice(1)) : withCheckDigit(body); // UPC-A: 12 digits
      if (!codes.has(code)) {
        codes.add(code);
        return code;
      }
    }
  };
  for (const p of rows)
    for (let i = 0; i < (p.barcodes ?? 0); i++) barcodes.push([newCode(p.brand ?? "", i === 1 || rng.chance(0.2)), p.id]);

  // Costs and reorder levels
  for (const p of rows) {
    p.cost = p.kind === "stock" ? Math.max(1, Math.round(p.price * (0.45 + rng.next() * 0.2))) : 0;
    if (p.reorder && p.qty) {
      p.reorder_min = Math.max(1, Math.floor(p.qty[0] / 2));
      p.reorder_max = p.qty[1];
    }
  }

  // Stock movements, in time order: first every stocked product's opening receipt (as many
  // as the movement budget allows), then two years and a bit of sales, restocks, returns,
  // adjustments and counts. Serialized bikes move one frame at a time.
  const stocked = rows.filter((p) => p.kind === "stock" && p.qty);
  const onHand = new Map(stocked.map((p) => [p.id, 0]));
  const moves = [];
  const units = []; // {id, product_id, serial, cost, at, reference, sold}
  const inStockUnits = new Map(); // product id -> unit list (FIFO)
  const serials = new Set();
  const frameSerial = (kind) => {
    for (;;) {
      const L = () => String.fromCharCode(65 + rng.int(0, 25));
      const D = (n) => String(rng.int(0, 10 ** n - 1)).padStart(n, "0");
      const s = { trek: () => `WTU${D(3)}${L()}${D(4)}${L()}`, spz: () => `WSBC${D(3)}${D(6)}${L()}`, giant: () => `G${L()}${L()}${D(8)}`,
        norco: () => `NC${D(2)}${L()}${D(6)}`, rocky: () => `RM${D(2)}${D(7)}`, cdale: () => `C${D(2)}${L()}${L()}${D(5)}`,
        surly: () => `SU${L()}${D(7)}`, kona: () => `K${D(2)}${L()}${D(6)}`, brodie: () => `BR${D(8)}` }[kind] ?? (() => `${L()}${L()}${D(8)}`);
      const serial = s();
      if (!serials.has(serial)) {
        serials.add(serial);
        return serial;
      }
    }
  };
  let po = 1000, sale = 1, count = 1, rma = 1;
  const receive = (p, qty, t, reference) => {
    if (p.serialized) {
      for (let i = 0; i < qty && moves.length < movements; i++) {
        const unit = { id: units.length + 1, product_id: p.id, serial: frameSerial(p.serialBrand), cost: p.cost, at: t, reference };
        units.push(unit);
        if (!inStockUnits.has(p.id)) inStockUnits.set(p.id, []);
        inStockUnits.get(p.id).push(unit);
        moves.push([p.id, 1, "receive", p.cost, reference, null, unit.id, t]);
        onHand.set(p.id, onHand.get(p.id) + 1);
      }
    } else {
      moves.push([p.id, qty, "receive", p.cost, reference, null, null, t]);
      onHand.set(p.id, onHand.get(p.id) + qty);
    }
  };
  // A shop has a few hundred frames on the floor, not one of every size and colour.
  const opening = rng.shuffle(stocked.filter((p) => !p.serialized || rng.chance(0.15))).slice(0, Math.floor(movements * 0.25));
  opening.sort((a, b) => a.id - b.id);
  const openingSpan = 0.04;
  opening.forEach((p, i) => {
    if (moves.length >= movements) return;
    if (i % 40 === 0) po += 1;
    receive(p, p.serialized ? 1 : rng.int(p.qty[0], p.qty[1]), at((i / opening.length) * openingSpan), `PO ${po}`);
  });
  // Who sells: popularity weights over the products that have stock to sell.
  const sellable = stocked.filter((p) => p.pop > 0);
  const cdf = new Float64Array(sellable.length);
  let total = 0;
  sellable.forEach((p, i) => (cdf[i] = total += p.pop));
  const pickSellable = () => sellable[search(cdf, rng.next() * total)];
  const remaining = movements - moves.length;
  for (let i = 0; moves.length < movements && sellable.length; i++) {
    const t = at(openingSpan + ((1 - openingSpan) * i) / remaining);
    const p = pickSellable();
    const level = onHand.get(p.id);
    const roll = rng.next();
    if (roll < 0.82) {
      const qty = p.serialized ? 1 : rng.chance(0.85) ? 1 : rng.int(2, 4);
      if (level < qty) {
        receive(p, p.serialized ? rng.int(1, 3) : Math.max(qty, rng.int(p.qty[0], p.qty[1])), t, `PO ${++po}`);
        continue;
      }
      let unit = null;
      if (p.serialized) {
        unit = inStockUnits.get(p.id).shift();
        unit.sold = { at: t, reference: `sale S-${String(sale).padStart(6, "0")}` };
      }
      moves.push([p.id, -qty, "sale", 0, `sale S-${String(sale++).padStart(6, "0")}`, null, unit?.id ?? null, t]);
      onHand.set(p.id, level - qty);
      if (!p.serialized && level - qty <= (p.reorder_min ?? 0) && rng.chance(0.6) && moves.length < movements)
        receive(p, (p.reorder_max ?? p.qty[1]) - (level - qty) || 1, t + 1, `PO ${++po}`);
    } else if (roll < 0.9) {
      if (p.serialized) continue;
      receive(p, rng.int(p.qty[0], p.qty[1]), t, `PO ${++po}`);
    } else if (roll < 0.94) {
      if (p.serialized) continue;
      moves.push([p.id, 1, "return", 0, `return RMA ${rma++}`, "customer return, unopened", null, t]);
      onHand.set(p.id, level + 1);
    } else if (roll < 0.97) {
      if (p.serialized || level < 1) continue;
      const qty = -Math.min(level, rng.int(1, 2));
      moves.push([p.id, qty, "adjust", 0, null, rng.pick(["damaged in shop", "used for a repair", "shop use", "theft"]), null, t]);
      onHand.set(p.id, level + qty);
    } else {
      if (p.serialized) continue;
      const counted = Math.max(0, level + rng.int(-2, 1));
      if (counted === level) continue;
      moves.push([p.id, counted - level, "count", 0, `count ${count++}`, null, null, t]);
      onHand.set(p.id, counted);
    }
  }

  // Customers and their bikes
  const customerRows = [];
  const emails = new Set();
  const phones = new Set();
  for (let i = 0; i < customers; i++) {
    // Mildly skewed, as in a Canadian city: Smith is about 2% of the customers, and a
    // search for "smi" finds about 90 of 3,000.
    const first = FIRST[rng.zipf(FIRST.length, 0.4)];
    const last = LAST[rng.zipf(LAST.length, 0.25)];
    const name = rng.chance(0.03) ? `${first} ${rng.pick(["A.", "J.", "M.", "R."])} ${last}` : `${first} ${last}`;
    let phone = null;
    if (rng.chance(0.9)) {
      for (;;) {
        const area = rng.pick(AREA_CODES), line = String(rng.int(100, 9999)).padStart(4, "0");
        const ex = rng.chance(0.7) ? "555" : String(rng.int(200, 999));
        const key = area + ex + line;
        if (phones.has(key)) continue;
        phones.add(key);
        const style = rng.next();
        phone = style < 0.5 ? `(${area}) ${ex}-${line}` : style < 0.75 ? `${area}-${ex}-${line}` : style < 0.85 ? `${area}.${ex}.${line}` : style < 0.95 ? `+1 ${area} ${ex} ${line}` : `${area}${ex}${line}`;
        break;
      }
    }
    let email = null;
    if (rng.chance(0.82)) {
      const local = ascii(`${first}.${last}`).toLowerCase().replace(/[^a-z.]/g, "");
      const pattern = rng.next();
      const base = pattern < 0.5 ? local : pattern < 0.8 ? `${local.replace(".", "")}${rng.int(1, 99)}` : `${local[0]}${local.split(".").pop()}`;
      const domain = rng.pick(DOMAINS);
      email = `${base}@${domain}`;
      for (let n = 2; emails.has(email); n++) email = `${base}${n}@${domain}`;
      emails.add(email);
    }
    const created = at(rng.next() * 0.98);
    customerRows.push({
      id: i + 1, name, phone, email, company: rng.chance(0.04) ? rng.pick(COMPANIES) : null, notes: rng.chance(0.08) ? rng.pick(NOTES) : null,
      consent_sms: phone && rng.chance(0.5) ? 1 : 0, consent_email: email && rng.chance(0.4) ? 1 : 0, created,
    });
  }
  const bikes = [];
  const soldUnits = units.filter((u) => u.sold);
  const productById = new Map(rows.map((p) => [p.id, p]));
  // Most bikes sold here went home with a customer we know.
  for (const u of soldUnits) {
    if (!customerRows.length || !rng.chance(0.7)) continue;
    const p = productById.get(u.product_id);
    const c = customerRows[rng.int(0, customerRows.length - 1)];
    bikes.push({ customer_id: c.id, make: p.brand, model: p.name.slice(p.brand.length + 1).replace(/ \d{4} .*$/, ""), year: p.year, colour: p.colour,
      size: p.size, frame_serial: u.serial, serial_unit_id: u.id, created: u.sold.at });
  }
  // And bikes bought elsewhere, brought in for service.
  for (const c of customerRows) {
    const n = rng.chance(0.55) ? 1 : rng.chance(0.35) ? 2 : rng.chance(0.1) ? 3 : 0;
    for (let i = 0; i < n; i++) {
      const own = rng.chance(0.6);
      const m = own ? rng.pick(bikeModels) : null;
      const make = own ? m.brand : rng.pick(OTHER_MAKES);
      bikes.push({ customer_id: c.id, make, model: own ? m.model : rng.pick(["road bike", "hybrid", "cargo bike", "folding bike", "hardtail", "full suspension", "e-bike", "commuter"]),
        year: rng.chance(0.8) ? rng.int(2008, 2025) : null, colour: rng.chance(0.8) ? rng.pick(BIKE_COLOURS) : null,
        size: rng.chance(0.6) ? rng.pick(["S", "M", "L", "XL", "54", "56"]) : null,
        frame_serial: rng.chance(0.75) ? frameSerial(own ? m.serial : "other") : null, serial_unit_id: null,
        battery_serial: make.includes("Rad") || (own && m.cat === "E-bikes") ? `BAT${rng.int(1e7, 9e7)}` : null,
        key_number: rng.chance(0.1) ? String(rng.int(100, 999)) : null, created: Math.max(c.created, at(rng.next())) });
    }
  }
  bikes.sort((a, b) => a.created - b.created);

  // SQL, in an order the foreign keys accept.
  const productIns = new Inserter(out, "products", ["id", "parent_id", "kind", "sku", "name", "brand", "model_year", "size", "colour", "category_id",
    "tax_class_key", "price_cents", "msrp_cents", "average_cost_cents", "standard_minutes", "serialized", "reorder_min", "reorder_max",
    "discountable", "active", "created_at_ms", "updated_at_ms"]);
  for (const p of rows)
    productIns.add(p.id, p.parent ?? null, p.kind, p.sku, p.name, p.brand ?? null, p.year ?? null, p.size ?? null, p.colour ?? null,
      p.category ? categoryId.get(p.category) : null, p.tax ?? "goods", p.price, p.msrp ?? null, 0, p.minutes ?? null,
      p.serialized ? 1 : 0, p.reorder_min ?? null, p.reorder_max ?? null, p.discountable ?? 1, 1, p.created_at_ms, p.created_at_ms);
  productIns.flush();
  const barcodeIns = new Inserter(out, "product_barcodes", ["code", "product_id"]);
  for (const [code, id] of barcodes) barcodeIns.add(code, id);
  barcodeIns.flush();
  const pvIns = new Inserter(out, "product_vendors", ["product_id", "vendor_id", "vendor_part_number", "cost_cents"]);
  for (const p of rows) {
    if (!p.vendor || p.kind !== "stock") continue;
    const vs = [...new Set([p.vendor[0], ...(rng.chance(0.3) ? [rng.pick(p.vendor)] : [])])];
    for (const v of vs) pvIns.add(p.id, v + 1, `${slug(VENDORS[v][0]).slice(0, 3)}-${rng.int(100000, 999999)}`, Math.round(p.cost * (0.95 + rng.next() * 0.1)));
  }
  pvIns.flush();
  const unitIns = new Inserter(out, "serial_units", ["id", "product_id", "serial", "status", "cost_cents", "reference", "created_at_ms", "updated_at_ms"]);
  for (const u of units) unitIns.add(u.id, u.product_id, u.serial, "in_stock", u.cost, u.reference, u.at, u.at);
  unitIns.flush();
  const moveIns = new Inserter(out, "stock_movements", ["id", "product_id", "quantity", "reason", "unit_cost_cents", "reference", "note", "serial_unit_id", "at_ms"]);
  moves.forEach(([product, qty, reason, cost, reference, note, unit, t], i) => moveIns.add(i + 1, product, qty, reason, cost, reference, note, unit, t));
  moveIns.flush();
  // Sold frames: one UPDATE per chunk, so the history trigger records in_stock -> sold.
  const soldIns = new Inserter(out, "", [], {});
  soldIns.head = "WITH s (id, at_ms, reference) AS (VALUES ";
  soldIns.suffix = ") UPDATE serial_units SET status = 'sold', reference = s.reference, updated_at_ms = s.at_ms, version = version + 1 FROM s WHERE serial_units.id = s.id";
  for (const u of soldUnits) soldIns.add(u.id, u.sold.at, u.sold.reference);
  soldIns.flush();
  const customerIns = new Inserter(out, "customers", ["id", "name", "company", "phone", "phone_digits_reversed", "email", "notes", "consent_sms", "consent_email", "created_at_ms", "updated_at_ms"]);
  for (const c of customerRows)
    customerIns.add(c.id, c.name, c.company, c.phone, c.phone ? c.phone.replace(/\D/g, "").split("").reverse().join("") : null, c.email, c.notes,
      c.consent_sms, c.consent_email, c.created, c.created);
  customerIns.flush();
  const bikeIns = new Inserter(out, "bikes", ["id", "customer_id", "make", "model", "year", "colour", "size", "frame_serial", "battery_serial", "key_number", "serial_unit_id", "created_at_ms", "updated_at_ms"]);
  bikes.forEach((b, i) => bikeIns.add(i + 1, b.customer_id, b.make, b.model, b.year ?? null, b.colour ?? null, b.size ?? null, b.frame_serial,
    b.battery_serial ?? null, b.key_number ?? null, b.serial_unit_id, b.created, b.created));
  bikeIns.flush();

  const expectedOnHand = new Map([...onHand].filter(([, v]) => v !== 0));
  return {
    statements: out,
    counts: { categories: categories.count, vendors: VENDORS.length, products: rows.length, product_barcodes: barcodes.length,
      product_vendors: pvIns.count, serial_units: units.length, sold_units: soldUnits.length, stock_movements: moves.length,
      customers: customerRows.length, bikes: bikes.length },
    // What a bench or a test may look up, straight from the data.
    samples: {
      barcodes: barcodes.map(([code]) => code),
      customers: customerRows.map(({ id, name, phone, email }) => ({ id, name, phone, email })),
      frameSerials: bikes.filter((b) => b.frame_serial).map((b) => b.frame_serial),
      skus: rows.map((p) => p.sku),
    },
    onHandTotal: [...expectedOnHand.values()].reduce((a, b) => a + b, 0),
  };
}

// Writes the SQL file (one statement per line) and answers what generateShop answers.
export function writeShopSql(path, options = {}) {
  const shop = generateShop(options);
  writeFileSync(path, `${shop.statements.join("\n")}\n`);
  return shop;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { out: { type: "string" }, customers: { type: "string" }, products: { type: "string" }, movements: { type: "string" }, seed: { type: "string" } },
  });
  if (!values.out) {
    console.error("usage: node scripts/realistic-shop.mjs --out file.sql [--customers 3000 --products 20000 --movements 100000 --seed 1]");
    process.exit(2);
  }
  const num = (v, d) => (v === undefined ? d : Number(v));
  const t0 = performance.now();
  const shop = writeShopSql(values.out, {
    customers: num(values.customers, 3000), products: num(values.products, 20000), movements: num(values.movements, 100000), seed: num(values.seed, 1),
  });
  const longest = Math.max(...shop.statements.map((s) => Buffer.byteLength(s)));
  console.log(`${values.out}: ${shop.statements.length} statements (longest ${longest} bytes) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  console.log(JSON.stringify(shop.counts));
}
