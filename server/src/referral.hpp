// A customer's referral code and link (docs/widget.md, "Referral links").
// The code is the customer id's HMAC-SHA256 under the store secret, in
// base32 (RFC 4648 letters and digits 2-7, so it survives URLs, discount-code
// fields and being read aloud), 16 characters = 80 bits: the same customer
// always gets the same code, with nothing stored, and nobody without the
// secret can make or guess another customer's. The link is the store's
// template (serve --referral-url) with {code} replaced.
#pragma once
#include <string>
#include <string_view>

#include "auth.hpp"

namespace stepwise::server {

inline std::string referral_code(std::string_view store_secret, std::string_view customer_id) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    // "referral:" keeps this MAC apart from the customer tokens' MACs under the same secret.
    const std::string hex = hmac_sha256_hex(store_secret, "referral:" + std::string(customer_id));
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i + 1 < hex.size() && out.size() < 16; i += 2) {
        buffer = (buffer << 8) | static_cast<unsigned>(std::stoul(hex.substr(i, 2), nullptr, 16));
        bits += 8;
        while (bits >= 5 && out.size() < 16) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    return out;
}

// Every {code} in the template replaced (the code needs no URL escaping).
inline std::string referral_url(std::string url_template, std::string_view code) {
    for (std::size_t at = url_template.find("{code}"); at != std::string::npos; at = url_template.find("{code}", at + code.size()))
        url_template.replace(at, 6, code);
    return url_template;
}

}  // namespace stepwise::server
