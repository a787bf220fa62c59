#include "reports/image_identity.hpp"

namespace harness {

namespace {

std::string string_at(const nlohmann::json& versions, const char* key) {
  if (!versions.is_object()) return "";
  auto it = versions.find(key);
  return it != versions.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

void set_run_image(RunReport& r, const std::string& name, const std::string& hash) {
  if (!r.versions.is_object()) r.versions = nlohmann::json::object();
  r.versions["image"] = name;
  r.versions["image_hash"] = hash;
}

std::string run_image_label(const RunReport& r) {
  const std::string name = string_at(r.versions, "image");
  const std::string hash = string_at(r.versions, "image_hash");
  if (name.empty()) return "";
  return hash.empty() ? name : name + "@" + hash.substr(0, 12);
}

}  // namespace harness
