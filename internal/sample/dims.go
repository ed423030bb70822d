package sample

// Dimension tables of the synthetic customers: Japan's eight regions with
// their prefectures weighted by population (2020 census, in 10,000s), plans,
// channels, age bands and genders. Order matters: every draw walks these
// slices, never a map, so output is the same for a seed.

type prefecture struct {
	name   string
	region int // index into regions
	pop    float64
}

var regions = []string{"北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州"}

const (
	rHokkaido = iota
	rTohoku
	rKanto
	rChubu
	rKinki
	rChugoku
	rShikoku
	rKyushu
)

var prefectures = []prefecture{
	{"北海道", rHokkaido, 522},
	{"青森県", rTohoku, 124}, {"岩手県", rTohoku, 121}, {"宮城県", rTohoku, 230},
	{"秋田県", rTohoku, 96}, {"山形県", rTohoku, 107}, {"福島県", rTohoku, 183},
	{"茨城県", rKanto, 287}, {"栃木県", rKanto, 193}, {"群馬県", rKanto, 194},
	{"埼玉県", rKanto, 734}, {"千葉県", rKanto, 628}, {"東京都", rKanto, 1405},
	{"神奈川県", rKanto, 924},
	{"新潟県", rChubu, 220}, {"富山県", rChubu, 103}, {"石川県", rChubu, 113},
	{"福井県", rChubu, 77}, {"山梨県", rChubu, 81}, {"長野県", rChubu, 205},
	{"岐阜県", rChubu, 198}, {"静岡県", rChubu, 363}, {"愛知県", rChubu, 754},
	{"三重県", rKinki, 177}, {"滋賀県", rKinki, 141}, {"京都府", rKinki, 258},
	{"大阪府", rKinki, 884}, {"兵庫県", rKinki, 547}, {"奈良県", rKinki, 132},
	{"和歌山県", rKinki, 92},
	{"鳥取県", rChugoku, 55}, {"島根県", rChugoku, 67}, {"岡山県", rChugoku, 189},
	{"広島県", rChugoku, 280}, {"山口県", rChugoku, 134},
	{"徳島県", rShikoku, 72}, {"香川県", rShikoku, 95}, {"愛媛県", rShikoku, 133},
	{"高知県", rShikoku, 69},
	{"福岡県", rKyushu, 514}, {"佐賀県", rKyushu, 81}, {"長崎県", rKyushu, 131},
	{"熊本県", rKyushu, 174}, {"大分県", rKyushu, 113}, {"宮崎県", rKyushu, 107},
	{"鹿児島県", rKyushu, 159}, {"沖縄県", rKyushu, 147},
}

// regionChurn multiplies the churn hazard: 九州 (slow deliveries) churns
// most, 関東 (next-day delivery) least.
var regionChurn = []float64{1.15, 1.05, 0.85, 1.0, 0.95, 1.05, 1.1, 1.5}

// regionMood shifts the satisfaction of a region's customers; 九州's
// delivery touchpoint is hit again in satisfaction().
var regionMood = []float64{-0.05, 0, 0.1, 0, 0.05, 0, -0.05, -0.35}

var plans = []string{"free", "standard", "premium"}

const (
	pFree = iota
	pStandard
	pPremium
)

var (
	planChurn = []float64{0.10, 0.05, 0.028} // monthly hazard
	planMood  = []float64{-0.15, 0.05, 0.35}
	planNoBuy = []float64{0.32, 0.10, 0.05} // share that never orders
	planBack  = []float64{0.10, 0.20, 0.28} // win-back after churn
)

var channels = []string{"web", "app", "store"}

const (
	cWeb = iota
	cApp
	cStore
)

var ageBands = []string{"18-24", "25-34", "35-44", "45-54", "55-64", "65+"}

var genders = []string{"female", "male", "other", ""}

var (
	wPlan         = []float64{52, 35, 13}
	wPlanCampaign = []float64{76, 20, 4}
	wAge          = []float64{11, 20, 22, 21, 15, 11}
	wAgeCampaign  = []float64{38, 37, 15, 6, 3, 1}
	wGender       = []float64{52, 45, 1.5, 1.5}
	// channel by age band: the young sign up in the app, the old in stores.
	wChannelByAge = [][]float64{
		{30, 62, 8}, {38, 52, 10}, {46, 40, 14}, {50, 32, 18}, {52, 22, 26}, {48, 14, 38},
	}
	wChannelCampaign = []float64{18, 80, 2}
)

// Categories with their median unit price in JPY and log-normal spread.
var categories = []string{"fashion", "beauty", "food", "home", "electronics", "outdoor"}

var (
	catPrice = []float64{4900, 2800, 2200, 3500, 8800, 6500}
	catSigma = []float64{0.6, 0.5, 0.45, 0.6, 0.75, 0.65}
	// base weights by age band (rows) and category (columns)
	wCatByAge = [][]float64{
		{34, 26, 10, 8, 13, 9},
		{30, 22, 14, 12, 12, 10},
		{25, 17, 20, 17, 10, 11},
		{22, 14, 24, 20, 9, 11},
		{18, 12, 30, 24, 7, 9},
		{14, 10, 36, 28, 6, 6},
	}
)

// catSeason is a category's demand multiplier in a month (1..12):
// お中元 (July) and お歳暮 (December) gifts lift food, summer lifts outdoor,
// year-end sales lift electronics.
func catSeason(cat, month int) float64 {
	switch {
	case cat == 2 && (month == 7 || month == 12):
		return 1.9
	case cat == 2 && month == 8:
		return 1.3
	case cat == 5 && (month == 7 || month == 8):
		return 2.0
	case cat == 5 && (month == 12 || month == 1):
		return 0.5
	case cat == 4 && month == 12:
		return 1.7
	case cat == 4 && month == 11:
		return 1.3
	}
	return 1
}

// orderSeason is the overall purchase multiplier by month: December and
// summer peaks, a quiet February.
var orderSeason = [13]float64{0, 1.1, 0.8, 0.95, 0.95, 1.0, 0.9, 1.3, 1.25, 0.9, 0.95, 1.15, 1.6}

// signupSeason is the sign-up multiplier by month: spring (new jobs and
// schools), the year-end and summer.
var signupSeason = [13]float64{0, 1.1, 0.9, 1.2, 1.25, 1.0, 0.9, 1.1, 1.05, 0.9, 0.95, 1.15, 1.3}

// Hour-of-day weights per order channel.
var hourWeights = [][]float64{
	{1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.4, 1.8, 2, 2.2, 2.4, 3.2, 2.6, 2.2, 2.2, 2.3, 2.5, 2.8, 3.2, 3.8, 4.2, 4, 2.4},
	{1.6, 0.9, 0.5, 0.3, 0.3, 0.5, 1.2, 2.2, 2.4, 1.8, 1.8, 2.0, 3.6, 2.4, 2.0, 2.0, 2.2, 2.6, 3.0, 3.4, 4.0, 4.8, 5.0, 3.4},
	{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2.4, 3, 3.4, 3.4, 3.2, 3.2, 3.4, 3.8, 3.6, 2.6, 1.4, 0, 0, 0},
}
