// The service screens, natively: each page renders for a signed-in staff member, check-in
// by a frame serial, a refused form that comes back marked and writes nothing, what the
// printouts show (and never show), the board's due and overdue marks, and a move made on a
// stale board. The whole flow in a browser is test/browser/service.test.mjs.
#include <string>

#include "core/time.hpp"
#include "harness.hpp"
#include "service/views/pieces.hpp"

using helm::Json;
using helm::testing::TestShop;

namespace {

bool has(const std::string& html, std::string_view text) { return html.find(text) != std::string::npos; }

constexpr std::string_view serial = "WTU301C0412K";

// Ann Smith and her bike with a known frame serial, through the JSON API.
std::int64_t ann_with_bike(TestShop& shop) {
    auto created = shop.post_json("/api/customers", {{"name", "Ann Smith"}, {"phone", "604-555-0199"}});
    REQUIRE_MESSAGE(created.status == 201, created.body);
    const std::int64_t id = created.json()["customer"]["id"];
    auto bike = shop.post_json("/api/customers/" + std::to_string(id) + "/bikes",
                               {{"make", "Trek"}, {"model", "Domane"}, {"year", 2022}, {"frame_serial", std::string(serial)}});
    REQUIRE_MESSAGE(bike.status == 201, bike.body);
    return id;
}

// Checks a ticket in through the check-in form on the customer's only bike; its id.
std::int64_t check_in(TestShop& shop, std::int64_t customer_id, std::string extra = {}) {
    auto bike_id = shop.integer("SELECT id FROM bikes WHERE customer_id = ?1", {customer_id});
    auto posted = shop.request("POST", "/service/new",
                               "customer_id=" + std::to_string(customer_id) + "&bike_choice=" + std::to_string(bike_id) +
                                   "&problem=Brakes+rub&hook_tag=14&warranty=0" + extra);
    REQUIRE_MESSAGE(posted.status == 303, posted.body);
    return shop.integer("SELECT max(id) FROM work_orders");
}

std::string today() { return helm::business_date("America/Vancouver", helm::testing::test_clock()); }

}  // namespace

TEST_CASE("every service screen renders for a signed-in staff member, each reachable from the navigation") {
    TestShop shop;
    const auto customer = ann_with_bike(shop);
    const auto me = shop.integer("SELECT id FROM staff WHERE display_name = 'Olive Owner'");
    const auto ticket = check_in(shop, customer, "&mechanic_staff_id=" + std::to_string(me));
    const auto bike = shop.integer("SELECT bike_id FROM work_orders WHERE id = ?1", {ticket});
    const std::string t = "/service/tickets/" + std::to_string(ticket);
    const std::vector<std::string> paths{"/service", "/service/new", "/service/new?q=Ann", t, t + "/tag", t + "/receipt", "/service/day",
                                         "/service/bikes/" + std::to_string(bike), "/service?q=T-00001"};
    for (const auto& path : paths) {
        CAPTURE(path);
        auto page = shop.request("GET", path);
        CHECK(page.status == 200);
        CHECK(has(page.body, "T-00001") == (path != "/service/new" && path != "/service/new?q=Ann"));
    }
    CHECK(has(shop.request("GET", "/").body, "href=\"/service\" accesskey=\"v\""));

    // The customer's page lists the ticket, and the bike links to its own page.
    auto customer_page = shop.request("GET", "/customers/" + std::to_string(customer));
    CHECK(has(customer_page.body, "id=\"service-history\""));
    CHECK(has(customer_page.body, "href=\"" + t + "\">T-00001</a>"));
    CHECK(has(customer_page.body, "href=\"/service/bikes/" + std::to_string(bike) + "\">Trek Domane 2022</a>"));

    // Staff without the service screens are refused them, and the customer page leaves them out.
    shop.sign_in_staff(shop.add_staff("Sam Sales", "sales"));
    CHECK(shop.request("GET", "/service").status == 403);
    CHECK(!has(shop.request("GET", "/customers/" + std::to_string(customer)).body, "service-history"));
}

TEST_CASE("check-in by a frame serial chooses the customer and ticks that bike; a missing problem comes back marked and writes nothing") {
    TestShop shop;
    const auto customer = ann_with_bike(shop);
    const auto bike = shop.integer("SELECT id FROM bikes");
    shop.post_json("/api/customers/" + std::to_string(customer) + "/bikes", {{"make", "Brompton"}, {"frame_serial", "BR-1"}});

    auto scanned = shop.request("GET", "/service/new?q=" + std::string(serial));
    CHECK(scanned.status == 200);
    CHECK(has(scanned.body, "id=\"checkin-form\""));
    CHECK(has(scanned.body, "value=\"" + std::to_string(bike) + "\" checked"));
    CHECK(has(scanned.body, "id=\"workshop-load\""));
    // Without a customer there is no ticket form at all: no walk-in.
    CHECK(!has(shop.request("GET", "/service/new").body, "checkin-form"));

    const std::string base = "customer_id=" + std::to_string(customer) + "&q=" + std::string(serial) + "&bike_choice=" + std::to_string(bike);
    auto refused = shop.request("POST", "/service/new", base + "&problem=++&hook_tag=7");
    CHECK(refused.status == 400);
    CHECK(has(refused.body, "id=\"checkin-problem\" name=\"problem\" rows=\"3\" maxlength=\"2000\" required aria-invalid=\"true\""));
    CHECK(has(refused.body, "name=\"hook_tag\" value=\"7\""));  // what was typed comes back
    auto bad_date = shop.request("POST", "/service/new", base + "&problem=Flat&promised_date=soon");
    CHECK(bad_date.status == 400);
    CHECK(has(bad_date.body, "id=\"checkin-promised\" name=\"promised_date\" value=\"soon\" type=\"date\" aria-invalid=\"true\""));
    // A new bike with nothing typed is refused before anything is added.
    auto empty_bike = shop.request("POST", "/service/new", "customer_id=" + std::to_string(customer) + "&bike_choice=new&problem=Flat");
    CHECK(empty_bike.status == 400);
    CHECK(has(empty_bike.body, "name=\"bike_make\" value=\"\" maxlength=\"64\" autocomplete=\"off\" aria-invalid=\"true\""));
    auto no_customer = shop.request("POST", "/service/new", "problem=Flat");
    CHECK(no_customer.status == 400);
    CHECK(has(no_customer.body, "there is no walk-in"));
    CHECK(shop.count("work_orders") == 0);
    CHECK(shop.count("bikes") == 2);

    auto opened = shop.request("POST", "/service/new", base + "&problem=Flat+rear");
    REQUIRE(opened.status == 303);
    CHECK(helm::find_header(opened.headers, "location") == "/service/tickets/1?done=created");
    CHECK(shop.integer("SELECT bike_id FROM work_orders") == bike);

    // A new bike added on the spot carries the ticket.
    auto with_new_bike = shop.request("POST", "/service/new",
                                      "customer_id=" + std::to_string(customer) + "&bike_choice=new&bike_make=Surly&bike_frame_serial=SLY-9&problem=Tune");
    REQUIRE(with_new_bike.status == 303);
    CHECK(shop.text("SELECT b.frame_serial FROM work_orders w JOIN bikes b ON b.id = w.bike_id WHERE w.id = 2") == "SLY-9");
}

TEST_CASE("the drop-off receipt shows the customer's notes and never the internal ones; the hook tag shows the number") {
    TestShop shop;
    const auto ticket = check_in(shop, ann_with_bike(shop));
    const std::string t = "/service/tickets/" + std::to_string(ticket);
    auto saved = shop.request("POST", t,
                              "version=1&problem=Brakes+rub&internal_notes=Owner+is+rude%2C+charge+extra&customer_notes=We+will+call+first"
                              "&dropoff_notes=Left+the+lights&estimate=80&promised_date=2030-01-15");
    REQUIRE_MESSAGE(saved.status == 303, saved.body);
    CHECK(has(shop.request("GET", t).body, "Owner is rude"));  // staff see it on the ticket

    auto receipt = shop.request("GET", t + "/receipt");
    CHECK(receipt.status == 200);
    CHECK(has(receipt.body, "T-00001"));
    CHECK(has(receipt.body, "We will call first"));
    CHECK(has(receipt.body, "Left the lights"));
    CHECK(has(receipt.body, "80.00"));
    CHECK(has(receipt.body, "2030-01-15"));
    CHECK(!has(receipt.body, "rude"));
    CHECK(!has(receipt.body, "<header class=\"shell\""));  // printed alone

    auto tag = shop.request("GET", t + "/tag");
    CHECK(tag.status == 200);
    CHECK(has(tag.body, "<p class=\"tag-number\">T-00001</p>"));
    CHECK(has(tag.body, "Hook <strong>14</strong>"));
    CHECK(has(tag.body, "Ann Smith"));
    CHECK(!has(tag.body, "rude"));
}

TEST_CASE("the board marks an overdue ticket and one due today, in their status's column") {
    TestShop shop;
    const auto customer = ann_with_bike(shop);
    const auto late = check_in(shop, customer), due = check_in(shop, customer), later = check_in(shop, customer);
    shop.sql("UPDATE work_orders SET promised_date = '2000-01-03' WHERE id = ?1", {late});
    shop.sql("UPDATE work_orders SET promised_date = ?2 WHERE id = ?1", {due, today()});
    shop.sql("UPDATE work_orders SET promised_date = '2999-12-31' WHERE id = ?1", {later});

    auto board = shop.request("GET", "/service");
    CHECK(board.status == 200);
    CHECK(has(board.body, "<li class=\"ticket-card overdue\" id=\"card-" + std::to_string(late) + "\""));
    CHECK(has(board.body, "<li class=\"ticket-card due-today\" id=\"card-" + std::to_string(due) + "\""));
    CHECK(has(board.body, "<li class=\"ticket-card \" id=\"card-" + std::to_string(later) + "\""));
    CHECK(has(board.body, "Overdue"));
    CHECK(has(board.body, "Due today"));
    // Each column in lifecycle order, then invoiced; the tickets sit in Dropped off.
    const auto dropped = board.body.find("id=\"column-dropped_off\""), invoiced = board.body.find("id=\"column-invoiced\"");
    CHECK(dropped < board.body.find("id=\"card-" + std::to_string(late) + "\""));
    CHECK(board.body.find("id=\"card-" + std::to_string(late) + "\"") < board.body.find("id=\"column-quoted\""));
    CHECK(invoiced != std::string::npos);
    CHECK(board.body.find("id=\"column-picked_up\"") == std::string::npos);

    // Finished work is no longer late: a completed ticket past its date is not marked.
    shop.sql("UPDATE work_orders SET status = 'completed' WHERE id = ?1", {late});
    CHECK(has(shop.request("GET", "/service").body, "<li class=\"ticket-card \" id=\"card-" + std::to_string(late) + "\""));
}

TEST_CASE("a move on a stale board is refused with 409, says what happened and shows the board as it is now") {
    TestShop shop;
    const auto ticket = check_in(shop, ann_with_bike(shop));
    const std::string move = "/service/tickets/" + std::to_string(ticket) + "/status";

    auto moved = shop.request("POST", move, "to=in_progress&version=1&back=board");
    REQUIRE_MESSAGE(moved.status == 303, moved.body);
    CHECK(helm::find_header(moved.headers, "location") == "/service?moved=" + std::to_string(ticket));
    CHECK(shop.text("SELECT status FROM work_orders") == "in_progress");

    // A second clerk's board still showed version 1.
    auto stale = shop.request("POST", move, "to=quoted&version=1&back=board");
    CHECK(stale.status == 409);
    CHECK(has(stale.body, "T-00001 was changed by someone else meanwhile: it is In progress now."));
    CHECK(has(stale.body, "data-status=\"in_progress\""));
    CHECK(has(stale.body, "id=\"board\""));
    CHECK(shop.text("SELECT status FROM work_orders") == "in_progress");
    CHECK(shop.count("work_order_history") == 2);

    // A move the lifecycle does not allow is refused on the ticket page when posted from it.
    auto refused = shop.request("POST", move, "to=picked_up&version=2&back=ticket");
    CHECK(refused.status == 400);
    CHECK(has(refused.body, "id=\"ticket-status\""));
    CHECK(shop.text("SELECT status FROM work_orders") == "in_progress");
}

TEST_CASE("the ticket page adds a scanned part, lists a search's matches and custom labor, and invoices onto the register") {
    TestShop shop;
    const auto ticket = check_in(shop, ann_with_bike(shop));
    const std::string t = "/service/tickets/" + std::to_string(ticket);
    shop.sql("INSERT INTO products (id, kind, sku, name, tax_class_key, price_cents, standard_minutes, created_at_ms, updated_at_ms) "
             "VALUES (501, 'labor', 'TUNE-STD', 'Standard tune-up', 'labor', 8900, 60, 0, 0)");
    shop.sql("INSERT INTO products (id, sku, name, price_cents, created_at_ms, updated_at_ms) VALUES (502, 'CHAIN-11', 'Chain 11 speed', 3999, 0, 0)");

    // The service menu lists the labor items, each a one-press line.
    auto menu = shop.request("GET", t);
    CHECK(has(menu.body, "id=\"service-menu\""));
    CHECK(has(menu.body, "<strong>Standard tune-up</strong> TUNE-STD"));
    CHECK(!has(menu.body, "<strong>Chain 11 speed</strong>"));

    // Words list matches to pick from; a short part is offered as a special order.
    auto searched = shop.request("POST", t + "/lines", "code=chain&quantity=1&version=1");
    REQUIRE(searched.status == 303);
    CHECK(helm::find_header(searched.headers, "location") == t + "?q=chain#add-lines");
    auto picks = shop.request("GET", t + "?q=chain");
    CHECK(has(picks.body, "Chain 11 speed"));
    CHECK(has(picks.body, "aria-label=\"Special order Chain 11 speed\""));
    CHECK(shop.request("POST", t + "/lines", "product_id=502&special_order=1&version=1").status == 303);
    CHECK(shop.count("special_orders") == 1);

    CHECK(shop.request("POST", t + "/lines", "code=TUNE-STD&quantity=1&version=2").status == 303);
    auto custom = shop.request("POST", t + "/lines", "description=&unit_price=20&minutes=15&version=3");
    CHECK(custom.status == 400);
    CHECK(has(custom.body, "<details open><summary>Custom labor"));
    CHECK(shop.request("POST", t + "/lines", "description=True+the+wheel&unit_price=20&minutes=15&version=3").status == 303);
    auto page = shop.request("GET", t);
    CHECK(has(page.body, "Standard tune-up"));
    CHECK(has(page.body, "True the wheel"));
    CHECK(has(page.body, "special order (open)"));
    CHECK(has(page.body, "id=\"money-total\""));

    // A stale line form is 409 with the page as it is now.
    CHECK(shop.request("POST", t + "/lines", "code=TUNE-STD&version=1").status == 409);

    REQUIRE(shop.request("POST", t + "/status", "to=in_progress&version=4&back=ticket").status == 303);
    REQUIRE(shop.request("POST", t + "/status", "to=completed&version=5&back=ticket").status == 303);
    auto invoiced = shop.request("POST", t + "/invoice", "version=6");
    REQUIRE_MESSAGE(invoiced.status == 303, invoiced.body);
    CHECK(helm::find_header(invoiced.headers, "location") == "/register");
    CHECK(shop.text("SELECT status FROM work_orders") == "invoiced");
    CHECK(shop.text("SELECT status FROM sale_drafts") == "open");
    auto read_only = shop.request("GET", t);
    CHECK(!has(read_only.body, "id=\"ticket-form\""));
    CHECK(!has(read_only.body, "id=\"add-line\""));
}

TEST_CASE("the ticket page leads with its lines, offers each allowed move as its own button (a reopening last, and said so) and folds its "
          "edit form away until that form is refused") {
    TestShop shop;
    const auto ticket = check_in(shop, ann_with_bike(shop));
    const std::string t = "/service/tickets/" + std::to_string(ticket);

    auto page = shop.request("GET", t);
    CHECK(page.status == 200);
    for (std::string_view to : {"quoted", "in_progress"})
        CHECK(has(page.body, "<button type=\"submit\" name=\"to\" value=\"" + std::string(to) + "\" id=\"move-to-" + std::string(to) + "\">"));
    CHECK(has(page.body, "name=\"to\" value=\"cancelled\" id=\"move-to-cancelled\" class=\"secondary\">Cancelled</button>"));
    CHECK(!has(page.body, "<select id=\"move-"));  // the board's select is not the ticket's
    CHECK(has(page.body, "<details id=\"details\" class=\"ticket-edit\"><summary>"));
    CHECK(page.body.find("id=\"lines-title\"") < page.body.find("id=\"details\""));
    CHECK(page.body.find("id=\"add-lines\"") < page.body.find("id=\"ticket-form\""));
    CHECK(has(page.body, "<dd id=\"ticket-hook-tag\">14</dd>"));  // what the folded form holds is still read at the top
    CHECK(has(page.body, "<dd class=\"notes\" id=\"ticket-problem-text\">Brakes rub</dd>"));

    // A button's move is a plain post of its value: the server decides, as for the board.
    REQUIRE(shop.request("POST", t + "/status", "version=1&back=ticket&note=&to=in_progress").status == 303);
    REQUIRE(shop.request("POST", t + "/status", "version=2&back=ticket&note=Test+ridden&to=completed").status == 303);
    CHECK(shop.text("SELECT note FROM work_order_history WHERE to_status = 'completed'") == "Test ridden");
    auto completed = shop.request("GET", t);
    const auto notified = completed.body.find("id=\"move-to-notified\""), cancel = completed.body.find("id=\"move-to-cancelled\""),
               reopen = completed.body.find("id=\"move-to-in_progress\" class=\"secondary\">Reopen: back to In progress</button>");
    REQUIRE(reopen != std::string::npos);
    CHECK(notified < cancel);
    CHECK(cancel < reopen);
    // The lifecycle still has the last word: a move it does not allow is refused, whatever the button said.
    auto refused = shop.request("POST", t + "/status", "version=3&back=ticket&to=waiting_for_parts");
    CHECK(refused.status == 400);
    CHECK(shop.text("SELECT status FROM work_orders") == "completed");

    // A refused edit comes back with the form unfolded, so its error and its field show.
    auto bad = shop.request("POST", t, "version=3&problem=Brakes+rub&promised_date=soon");
    CHECK(bad.status == 400);
    CHECK(has(bad.body, "<details id=\"details\" class=\"ticket-edit\" open><summary>"));
    CHECK(has(bad.body, "name=\"promised_date\" value=\"soon\" type=\"date\" aria-invalid=\"true\""));
    // Read-only once invoiced: no move buttons, no form, what it held still shown.
    shop.sql("UPDATE work_orders SET status = 'cancelled'");
    auto closed = shop.request("GET", t);
    CHECK(!has(closed.body, "move-to-"));
    CHECK(!has(closed.body, "id=\"ticket-form\""));
    CHECK(has(closed.body, "<dt>Warranty</dt><dd>no</dd>"));
}

TEST_CASE("a board card shows the first 60 characters of the problem, all of it in its title, and the hook tag when one is set") {
    TestShop shop;
    const auto customer = ann_with_bike(shop);
    const auto tagged = check_in(shop, customer);  // hook tag 14
    const std::string long_problem = "Creaks under load from the bottom bracket, and the rear derailleur skips in the two smallest cogs";
    const auto untagged = check_in(shop, customer);
    shop.sql("UPDATE work_orders SET problem = ?2, hook_tag = NULL WHERE id = ?1", {untagged, long_problem});

    auto board = shop.request("GET", "/service");
    CHECK(has(board.body, "<span class=\"hook\">Hook 14</span>"));
    CHECK(has(board.body, "<p class=\"card-problem\" title=\"Brakes rub\">Brakes rub</p>"));
    CHECK(has(board.body, "<p class=\"card-problem\" title=\"" + long_problem + "\">" + long_problem.substr(0, 60) + "…</p>"));
    const auto untagged_card = board.body.find("id=\"card-" + std::to_string(untagged) + "\"");
    CHECK(board.body.find("class=\"hook\"", untagged_card) == std::string::npos);
    CHECK(board.body.find("id=\"card-" + std::to_string(tagged) + "\"") < untagged_card);
}

TEST_CASE("a card's glimpse of the problem is cut between characters, never inside one") {
    using helm::service::screens::excerpt;
    CHECK(excerpt("Flat", 60) == "Flat");
    CHECK(excerpt("Flat rear tyre", 4) == "Flat…");
    CHECK(excerpt("Flat rear", 5) == "Flat…");  // no space before the ellipsis
    CHECK(excerpt("Bremse quietscht über Nacht", 18) == "Bremse quietscht ü…");
    CHECK(excerpt("ééé", 2) == "éé…");
    CHECK(excerpt("ééé", 3) == "ééé");
}

TEST_CASE("check-in adds a customer the search did not find and goes on with them chosen; a refused one writes nothing") {
    TestShop shop;
    const auto ann = ann_with_bike(shop);

    // Nothing found: the new-customer form is open, with what was searched for filled in.
    auto none = shop.request("GET", "/service/new?q=Zed+Zimmer");
    CHECK(has(none.body, "<details id=\"new-customer\" open>"));
    CHECK(has(none.body, "id=\"new-customer-name\" name=\"name\" value=\"Zed Zimmer\" required maxlength=\"120\" autocomplete=\"off\" autofocus"));
    CHECK(has(shop.request("GET", "/service/new?q=604-555-0111").body, "name=\"phone\" value=\"604-555-0111\""));
    CHECK(has(shop.request("GET", "/service/new").body, "<details id=\"new-customer\"><summary>"));  // folded until wanted

    auto blank = shop.request("POST", "/service/new/customer", "q=Zed&name=++&phone=604-555-0111&email=");
    CHECK(blank.status == 400);
    CHECK(has(blank.body, "role=\"alert\">type the customer"));
    CHECK(has(blank.body, "<details id=\"new-customer\" open>"));
    CHECK(has(blank.body, "id=\"new-customer-name\" name=\"name\" value=\"  \" required maxlength=\"120\" autocomplete=\"off\" aria-invalid=\"true\""));
    CHECK(has(blank.body, "name=\"phone\" value=\"604-555-0111\""));  // what was typed comes back
    auto bad_email = shop.request("POST", "/service/new/customer", "name=Zed+Zimmer&email=not-an-address");
    CHECK(bad_email.status == 400);
    CHECK(has(bad_email.body, "id=\"new-customer-email\" name=\"email\" value=\"not-an-address\" type=\"email\" maxlength=\"254\" autocomplete=\"off\" "
                              "aria-invalid=\"true\""));
    CHECK(shop.count("customers") == 1);

    // Only the form's own fields are read: a crafted post cannot set the rest.
    auto added = shop.request("POST", "/service/new/customer",
                              "q=Zed&name=Zed+Zimmer&phone=604-555-0111&email=&consent_sms=0&consent_sms=1&consent_email=0&tax_exempt=1&notes=x");
    REQUIRE_MESSAGE(added.status == 303, added.body);
    const auto zed = shop.integer("SELECT id FROM customers WHERE name = 'Zed Zimmer'");
    CHECK(helm::find_header(added.headers, "location") == "/service/new?customer=" + std::to_string(zed) + "&added=1");
    CHECK(shop.integer("SELECT consent_sms FROM customers WHERE id = ?1", {zed}) == 1);
    CHECK(shop.integer("SELECT tax_exempt FROM customers WHERE id = ?1", {zed}) == 0);
    CHECK(shop.integer("SELECT notes IS NULL FROM customers WHERE id = ?1", {zed}) == 1);
    auto chosen = shop.request("GET", "/service/new?customer=" + std::to_string(zed) + "&added=1");
    CHECK(has(chosen.body, "Added Zed Zimmer."));
    CHECK(has(chosen.body, "id=\"checkin-form\""));
    CHECK(has(chosen.body, "<input type=\"hidden\" name=\"customer_id\" value=\"" + std::to_string(zed) + "\">"));
    CHECK(!has(chosen.body, "possible-duplicates"));

    // Someone with Ann's phone may be Ann: check-in says so and offers her instead.
    auto same_phone = shop.request("POST", "/service/new/customer", "name=A+Smith&phone=(604)+555-0199");
    REQUIRE(same_phone.status == 303);
    auto warned = shop.request("GET", std::string(helm::find_header(same_phone.headers, "location")));
    CHECK(has(warned.body, "id=\"possible-duplicates\""));
    CHECK(has(warned.body, "<a href=\"/service/new?customer=" + std::to_string(ann) + "\">Ann Smith #" + std::to_string(ann)));
}

TEST_CASE("adding a customer from check-in needs the permission that adding one on the customers' page needs") {
    TestShop shop;
    const auto mechanic = shop.add_staff("Max Mechanic", "mechanic");
    shop.sql("INSERT INTO staff_screen_permissions (staff_id, permission_key, allowed) VALUES (?1, 'screen.customers', 0)", {mechanic});
    shop.sign_in_staff(mechanic);

    auto page = shop.request("GET", "/service/new?q=Zed");
    CHECK(page.status == 200);
    CHECK(!has(page.body, "new-customer-form"));
    CHECK(has(page.body, "id=\"new-customer-hint\""));
    CHECK(has(page.body, "id=\"checkin-search\" name=\"q\" type=\"search\" value=\"Zed\" maxlength=\"200\" autocomplete=\"off\" "
                         "data-shortcut=\"/\" autofocus"));  // no form to go on to: the search keeps the focus
    CHECK(shop.request("POST", "/customers", "name=Zed+Zimmer").status == 403);
    auto refused = shop.request("POST", "/service/new/customer", "name=Zed+Zimmer");
    CHECK(refused.status == 403);
    CHECK(shop.count("customers") == 0);
}
