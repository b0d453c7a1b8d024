# Delivery: the outbox, the worker, the channels (one folder each) and the
# TLP policy applied to every copy that leaves.
list(APPEND RAMPART_RESPOND_SOURCES
  tlp_policy.cc
  delivery/outbox.cc
  delivery/deliverer.cc
  channels/channel.cc
  channels/registry.cc
  channels/webhook/webhook_channel.cc
  channels/email/email_channel.cc
  channels/syslog/syslog_channel.cc
  channels/file/file_channel.cc)
list(APPEND RAMPART_RESPOND_PRIVATE_DEPS PkgConfig::SQLITE3 PkgConfig::SODIUM CURL::libcurl)
