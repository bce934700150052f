/*
 * templates.c - the Workstation and Server policy templates.
 *
 * Sensible defaults for each platform, in the settings layout every policy
 * uses: antivirus shields and scheduled scans, firewall, patch management,
 * updates, exclusions, web control and remote access. Servers keep the
 * shields that matter on a server, scan when load is low, never reboot by
 * themselves and install only critical patches automatically.
 */
#include <string.h>

#include "app/policy.h"

static const char workstation[] =
	"{\"antivirus\":{\"file_shield\":true,\"web_shield\":true,"
	"\"mail_shield\":true,\"behavior_shield\":true,"
	"\"scheduled_scan\":{\"enabled\":true,\"day\":\"sunday\","
	"\"time\":\"12:00\",\"type\":\"quick\"}},"
	"\"firewall\":{\"enabled\":true,\"mode\":\"automatic\"},"
	"\"patch_management\":{\"enabled\":true,"
	"\"schedule\":{\"day\":\"wednesday\",\"time\":\"12:00\"},"
	"\"auto_install\":[\"critical\",\"high\"],\"allow_reboot\":true},"
	"\"updates\":{\"definitions_interval_hours\":4,"
	"\"program_updates\":\"automatic\"},"
	"\"exclusions\":{\"paths\":[],\"urls\":[]},"
	"\"web_control\":{\"enabled\":true,\"blocked_categories\":"
	"[\"malware\",\"phishing\",\"adult\"]},"
	"\"remote_access\":{\"enabled\":true,\"require_approval\":true}}";

static const char server[] =
	"{\"antivirus\":{\"file_shield\":true,\"web_shield\":true,"
	"\"mail_shield\":false,\"behavior_shield\":true,"
	"\"scheduled_scan\":{\"enabled\":true,\"day\":\"saturday\","
	"\"time\":\"02:00\",\"type\":\"full\"}},"
	"\"firewall\":{\"enabled\":true,\"mode\":\"strict\"},"
	"\"patch_management\":{\"enabled\":true,"
	"\"schedule\":{\"day\":\"sunday\",\"time\":\"03:00\"},"
	"\"auto_install\":[\"critical\"],\"allow_reboot\":false},"
	"\"updates\":{\"definitions_interval_hours\":1,"
	"\"program_updates\":\"notify\"},"
	"\"exclusions\":{\"paths\":[],\"urls\":[]},"
	"\"web_control\":{\"enabled\":true,\"blocked_categories\":"
	"[\"malware\",\"phishing\"]},"
	"\"remote_access\":{\"enabled\":true,\"require_approval\":true}}";

const char *
policy_template(const char *platform)
{
	if (platform == NULL)
		return (NULL);
	if (strcmp(platform, "workstation") == 0)
		return (workstation);
	if (strcmp(platform, "server") == 0)
		return (server);
	return (NULL);
}
