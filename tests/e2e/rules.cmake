# Sigma 2.1 features end to end (filters, date parts, value_* correlations)
# through the real binary: hunt, rules check, rules list.
rampart_add_test(hunt_sigma_features_e2e_test
  SOURCES hunt_sigma_features_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
add_dependencies(hunt_sigma_features_e2e_test rampart)
