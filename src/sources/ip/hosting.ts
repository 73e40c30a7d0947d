/**
 * Networks of hosting, cloud and VPN-infrastructure providers: an address there is a rented
 * server, not a home connection. A hit means "hosting/datacenter", never "VPN confirmed": a VPN
 * exit, a cloud desktop and a company proxy all look alike from here.
 *
 * Each ASN was checked against the organisation name in @ip-location-db/asn (2026-06-17). The
 * VPN-infrastructure entries are the networks that hold most consumer-VPN exits in a sample of 234
 * Mullvad, NordVPN and ProtonVPN exit addresses (mthcht/awesome-lists), measured in
 * ../shared/research/geo-phone-deps.md §2.2, and the networks a 2026-11 sample of Surfshark and
 * ProtonVPN exits missed (test/bench/vpn-recall.mjs). Review this list with each data update.
 */
export type HostingCategory = 'cloud' | 'vps' | 'hosting' | 'cdn' | 'vpn-infra' | 'tor';

export interface HostingNetwork {
  asn: number;
  name: string;
  category: HostingCategory;
  source: string;
}

const PROVIDER = 'provider network (organisation name in the ASN data)';
const VPN_SAMPLE = 'holds consumer-VPN exits (sample of Mullvad, NordVPN and ProtonVPN exit addresses, mthcht/awesome-lists)';
const TOR = 'Tor exit operator (185.220.101.0/24 exits)';
const VPN_SAMPLE_2026 = 'holds consumer-VPN exits (Surfshark and ProtonVPN server lists, mthcht/awesome-lists, 2026-11; test/bench/vpn-recall.mjs)';

const entries: [number, string, HostingCategory, string][] = [
  [16509, 'Amazon Web Services', 'cloud', PROVIDER],
  [14618, 'Amazon Web Services', 'cloud', PROVIDER],
  [8075, 'Microsoft Azure', 'cloud', PROVIDER],
  [15169, 'Google', 'cloud', PROVIDER],
  [396982, 'Google Cloud', 'cloud', PROVIDER],
  [31898, 'Oracle Cloud', 'cloud', PROVIDER],
  [45102, 'Alibaba Cloud', 'cloud', PROVIDER],
  [37963, 'Alibaba Cloud', 'cloud', PROVIDER],
  [132203, 'Tencent Cloud', 'cloud', PROVIDER],
  [45090, 'Tencent Cloud', 'cloud', PROVIDER],
  [55990, 'Huawei Cloud', 'cloud', PROVIDER],
  [14061, 'DigitalOcean', 'vps', PROVIDER],
  [20473, 'Vultr / Choopa (The Constant Company)', 'vps', PROVIDER],
  [63949, 'Linode / Akamai Connected Cloud', 'vps', PROVIDER],
  [16276, 'OVH', 'vps', PROVIDER],
  [24940, 'Hetzner', 'vps', PROVIDER],
  [213230, 'Hetzner Cloud', 'vps', PROVIDER],
  [212317, 'Hetzner', 'vps', PROVIDER],
  [51167, 'Contabo', 'vps', PROVIDER],
  [197540, 'netcup', 'vps', PROVIDER],
  [12876, 'Scaleway', 'vps', PROVIDER],
  [53667, 'FranTech / BuyVM', 'vps', PROVIDER],
  [14956, 'RouterHosting / Cloudzy', 'vps', PROVIDER],
  [60781, 'Leaseweb', 'hosting', PROVIDER],
  [16265, 'Leaseweb', 'hosting', PROVIDER],
  [28753, 'Leaseweb', 'hosting', PROVIDER],
  [30633, 'Leaseweb', 'hosting', PROVIDER],
  [7203, 'Leaseweb', 'hosting', PROVIDER],
  [59253, 'Leaseweb', 'hosting', PROVIDER],
  [8560, 'IONOS', 'hosting', PROVIDER],
  [46606, 'Unified Layer (Bluehost)', 'hosting', PROVIDER],
  [26496, 'GoDaddy', 'hosting', PROVIDER],
  [22612, 'Namecheap', 'hosting', PROVIDER],
  [47583, 'Hostinger', 'hosting', PROVIDER],
  [36352, 'HostPapa (formerly ColoCrossing)', 'hosting', PROVIDER],
  [396356, 'Latitude.sh', 'hosting', PROVIDER],
  [19318, 'Interserver', 'hosting', PROVIDER],
  [8100, 'QuadraNet', 'hosting', PROVIDER],
  [29802, 'HIVELOCITY', 'hosting', PROVIDER],
  [32097, 'WholeSale Internet', 'hosting', PROVIDER],
  [23470, 'ReliableSite', 'hosting', PROVIDER],
  [55286, 'B2 Net Solutions (ServerMania)', 'hosting', PROVIDER],
  [35913, 'DediPath', 'hosting', PROVIDER],
  [40676, 'Psychz Networks', 'hosting', PROVIDER],
  [397423, 'Tier.Net', 'hosting', PROVIDER],
  [62904, 'Eonix', 'hosting', PROVIDER],
  [57043, 'HOSTKEY', 'hosting', PROVIDER],
  [43350, 'NForce Entertainment', 'hosting', PROVIDER],
  [49981, 'WorldStream', 'hosting', PROVIDER],
  [50673, 'Serverius', 'hosting', PROVIDER],
  [200651, 'FlokiNET', 'hosting', PROVIDER],
  [202425, 'IP Volume', 'hosting', PROVIDER],
  [9370, 'SAKURA Internet', 'hosting', PROVIDER],
  [46562, 'Performive', 'hosting', PROVIDER],
  [35916, 'MULTACOM', 'hosting', PROVIDER],
  [13335, 'Cloudflare (CDN; WARP VPN egress)', 'cdn', PROVIDER],
  [9009, 'M247', 'vpn-infra', VPN_SAMPLE],
  [212238, 'Datacamp / CDN77', 'vpn-infra', VPN_SAMPLE],
  [60068, 'Datacamp / CDN77', 'vpn-infra', VPN_SAMPLE],
  [62240, 'Clouvider', 'vpn-infra', VPN_SAMPLE],
  [136787, 'PacketHub', 'vpn-infra', VPN_SAMPLE],
  [147049, 'PacketHub', 'vpn-infra', VPN_SAMPLE],
  [141039, 'PacketHub', 'vpn-infra', VPN_SAMPLE],
  [207137, 'PacketHub', 'vpn-infra', VPN_SAMPLE],
  [39351, '31173 Services', 'vpn-infra', VPN_SAMPLE],
  [25369, 'Hydra Communications', 'vpn-infra', VPN_SAMPLE],
  [11878, 'tzulo', 'vpn-infra', VPN_SAMPLE],
  [209854, 'Cyberzone (Surfshark servers)', 'vpn-infra', VPN_SAMPLE_2026],
  [199218, 'Proton AG (ProtonVPN servers)', 'vpn-infra', VPN_SAMPLE_2026],
  [209103, 'Proton AG (ProtonVPN servers)', 'vpn-infra', VPN_SAMPLE_2026],
  [206804, 'EstNOC', 'vpn-infra', VPN_SAMPLE_2026],
  [50304, 'Blix Solutions', 'vpn-infra', VPN_SAMPLE_2026],
  [9312, 'xTom', 'vpn-infra', VPN_SAMPLE_2026],
  [51852, 'Private Layer', 'vpn-infra', VPN_SAMPLE_2026],
  [60729, 'Stiftung Erneuerbare Freiheit', 'tor', TOR],
];

export const HOSTING_NETWORKS: ReadonlyMap<number, HostingNetwork> = new Map(
  entries.map(([asn, name, category, source]) => [asn, { asn, name, category, source }]),
);

/**
 * Words in an organisation name that say it rents out servers. Measured on the ASN data: 2,700
 * of 91,000 organisations match, none of 13 large residential and mobile ISPs tested (research
 * notes §2.2). "colo" only as a word: "Colombia Móvil" is a mobile operator.
 */
export const HOSTING_KEYWORDS = /host|server|cloud|data ?cent|datacenter|vps|\bcolo(?:cation)?\b|colocation|dedicated|vpn|proxy/i;
