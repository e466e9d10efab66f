#include "auth/routes.hpp"

#include <vector>

#include "auth/access.hpp"
#include "auth/pin.hpp"
#include "auth/sign_in.hpp"

namespace helm::auth {

std::span<const Route> routes() {
    static const std::vector<Route> all = [] {
        std::vector<Route> out;
        for (auto part : {sign_in_routes(), pin_routes(), access_routes()}) out.insert(out.end(), part.begin(), part.end());
        return out;
    }();
    return all;
}

}  // namespace helm::auth
