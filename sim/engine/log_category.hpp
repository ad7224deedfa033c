#pragma once
// The program's SimGrid log categories. `terawatt` is the root (sim/engine/log_category.cpp); each part declares a
// subcategory of it as its default, e.g. in sim/engine/platform.cpp
//   XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_engine, terawatt, "the platform: zones, hosts, links");
// and logs its events with XBT_VERB: the release build (RelWithDebInfo defines NDEBUG) compiles XBT_DEBUG out, so
// verbose is the lowest level it can show. `--log=terawatt.thres:verbose` (or :debug) shows every part's lines, and
// `--log=terawatt_workloads.thres:verbose` only those of the training jobs and inference services.
#include <xbt/log.h>

XBT_LOG_EXTERNAL_CATEGORY(terawatt);
// The parent of sim/engine/workloads' categories (terawatt_training, terawatt_inference).
XBT_LOG_EXTERNAL_CATEGORY(terawatt_workloads);
