//===- plugin/llvm/PerfAdvisePass.cpp - perfadvise pass registration --------===//
//
// The only C++ file of perfadvise: registers the `perfadvise` module pass with
// LLVM's PassBuilder, defines its -mllvm options, and exports the narrow C
// bridge of bridge.h for what LLVM-C lacks. No analysis logic lives here.
//
//   clang-19 -O2 -g -fpass-plugin=libperfadvise.so -Rpass-missed=perfadvise -c foo.c
//   opt-19 -load-pass-plugin=libperfadvise.so -passes=perfadvise foo.ll
//
//===----------------------------------------------------------------------===//

#include "bridge.h"
#include "driver.h"
#include "model.h" /* PA_ARG_* and PA_CALL_* flags: constants only */

#include "llvm/ADT/DenseSet.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/GetElementPtrTypeIterator.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/ProfDataUtils.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#if LLVM_VERSION_MAJOR != 19
#error "perfadvise's pass registration is written for LLVM 19's PassBuilder API"
#endif

using namespace llvm;

namespace {
class TypeWalk;
}

struct pa_bridge {
    Module *M = nullptr;
    FunctionAnalysisManager *FAM = nullptr;
    // The early phase: the pass after it (IPSCCP) asks for every function's
    // dominator tree, so the one perfadvise needs is left in FAM's cache.
    bool ShareDominators = false;
    // The name users write for each struct: a typedef naming it
    // (`typedef struct rd_kafka_broker_s rd_kafka_broker_t`), the first in
    // the debug-info walk's order, which goes on only as far as a question
    // needs (typedefOf).
    DenseMap<const DICompositeType *, std::string> TypedefOf;
    std::unique_ptr<TypeWalk> Walk;
    size_t TypesAbsorbed = 0; // Walk->Types already in TypedefOf
    int CxxModule = -1;       // cxxModule's answer: -1 not asked yet
    ~pa_bridge();
    // objectTypeOf's answers per (value, through a stack slot): the lock
    // classes ask for the same root twice (its field's name, whether its
    // type is recursive), ~4,300 instructions a question on sqlite3.c.
    DenseMap<std::pair<const Value *, unsigned>, std::pair<const DIType *, std::string>> ObjectTypes;
    // The blocks with a cold call (coldCallBlocks, for blockRarity), built
    // once.
    DenseSet<const BasicBlock *> ColdCallBlocks;
    bool ColdCallBlocksBuilt = false;
    // Names a callee that reports an error (pa_bridge_set_error_report_test);
    // the blocks calling one are noted beside the cold calls. nullptr: none.
    bool (*ReportsError)(const char *) = nullptr;
    DenseSet<const BasicBlock *> ErrorCallBlocks;
    // The static estimate pa_bridge_function_loops made last, before its
    // loops' trip counts scale it: the call profile asks the same of the
    // function right after it is read (pa_bridge_block_freqs), and the
    // block graph and the estimate were a sixteenth of the plugin's
    // instructions. The IR does not change within a run.
    const Function *LastFreqFn = nullptr;
    std::vector<double> LastFreq;
};

namespace {

cl::opt<std::string> OutputDir("perfadvise-output",
                               cl::desc("perfadvise: directory for the per-TU findings file "
                                        "(overrides PERFADVISE_OUTPUT_DIR)"),
                               cl::value_desc("dir"), cl::init(""));
cl::opt<std::string> LocksAt("perfadvise-locks-at",
                            cl::desc("perfadvise: where the lock analysis runs: early (before "
                                     "inlining, the default) or late (with the allocation "
                                     "analyses); overrides PERFADVISE_LOCKS_AT"),
                            cl::value_desc("early|late"), cl::init(""));
cl::opt<bool> Embed("perfadvise-embed",
                    cl::desc("perfadvise: embed the findings in the object file (non-loaded "
                             "section .perfadvise; on by default for ELF targets; "
                             "overrides PERFADVISE_EMBED)"),
                    cl::init(true));
cl::opt<std::string> ConfigFile("perfadvise-config",
                                cl::desc("perfadvise: the project configuration file naming its "
                                         "allocators and locks (docs/config.md); overrides "
                                         "PERFADVISE_CONFIG and the .perfadvise search; none "
                                         "turns it off"),
                                cl::value_desc("file"), cl::init(""));
cl::opt<int> StackMax("perfadvise-heap-to-stack-max",
                      cl::desc("perfadvise: largest constant allocation (bytes) suggested "
                               "for the stack"),
                      cl::value_desc("bytes"), cl::init(-1));

cl::opt<bool> Warnings("perfadvise-warnings",
                       cl::desc("perfadvise: also print each actionable finding as a compiler "
                                "warning tagged [-Wperfadvise-<kind>]; perfadvise prints them "
                                "itself, so -Werror never turns them into errors (overrides "
                                "PERFADVISE_WARNINGS)"),
                       cl::init(false));
cl::opt<bool> WarningsAsErrors("perfadvise-warnings-as-errors",
                               cl::desc("perfadvise: report each actionable finding as an error "
                                        "that fails the compile (PERFADVISE_WARNINGS=error)"),
                               cl::init(false));

// declaredVariable's answers for the module run in progress (the IR does
// not change while perfadvise reads it). Asking LLVM means collecting and
// sorting every debug record that uses the value: for a pointer such as
// SQLite's `db`, used by hundreds of records after inlining, ~5,000
// instructions per question, asked once per lock operand.
DenseMap<const Value *, DILocalVariable *> *DeclaredInRun = nullptr;

struct PerfAdvisePass : PassInfoMixin<PerfAdvisePass> {
    explicit PerfAdvisePass(pa_phase Phase) : Phase(Phase) {}
    pa_phase Phase;
    PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
        auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
        pa_bridge B;
        B.M = &M;
        B.FAM = &FAM;
        B.ShareDominators = Phase == PA_PHASE_EARLY;
        DenseMap<const Value *, DILocalVariable *> Declared;
        DeclaredInRun = &Declared;
        // A bug in perfadvise must never take the compiler down: run the C
        // side under crash recovery (active inside clang's integrated cc1)
        // and degrade to a warning plus an empty findings file.
        CrashRecoveryContext CRC;
        bool OK = CRC.RunSafely([&] { pa_plugin_run_module(wrap(&M), &B, Phase); });
        if (!OK)
            pa_plugin_recover_after_crash(wrap(&M), &B, Phase);
        DeclaredInRun = nullptr;
        return PreservedAnalyses::all(); // observes only
    }
    // Also run on optnone (-O0) functions.
    static bool isRequired() { return true; }
};

// Strip typedefs and cv-qualifiers.
const DIType *stripQualifiers(const DIType *T) {
    for (int Guard = 0; T && Guard < 64; ++Guard) {
        auto *D = dyn_cast<DIDerivedType>(T);
        if (!D)
            return T;
        unsigned Tag = D->getTag();
        if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
            Tag != dwarf::DW_TAG_volatile_type && Tag != dwarf::DW_TAG_restrict_type &&
            Tag != dwarf::DW_TAG_atomic_type)
            return T;
        T = D->getBaseType();
    }
    return T;
}

// "ns::Outer::Name" for a C++ type in namespaces or classes.
std::string qualifiedName(const DICompositeType *C) {
    std::string N = C->getName().str();
    const DIScope *S = C->getScope();
    for (int Guard = 0; S && Guard < 16; ++Guard, S = S->getScope()) {
        StringRef Part;
        if (auto *NS = dyn_cast<DINamespace>(S))
            Part = NS->getName().empty() ? StringRef("(anonymous namespace)") : NS->getName();
        else if (auto *P = dyn_cast<DICompositeType>(S))
            Part = P->getName();
        else
            break; // the file or compile unit
        if (!Part.empty())
            N = Part.str() + "::" + N;
    }
    return N;
}

// The types of a module in the order DebugInfoFinder::processModule (LLVM
// 19) finds them, depth first from the compile units, then each function's
// subprogram and instructions. The same walk, minus half its cost:
// processModule takes every instruction's location through processLocation
// (set lookups), though a run of instructions mostly shares one scope; this
// walk skips a location whose scope and inlined-at are those of the
// instruction before, which would find nothing new (sqlite3.c: 84 M
// instructions -> 41 M). PERFADVISE_CHECK_TYPEDEFS=1 compares the order with
// DebugInfoFinder's (lit/typedef_walk.c).
class TypeWalk {
public:
    SmallVector<DIType *, 0> Types;

    // The compile units; then step() walks one function at a time.
    explicit TypeWalk(const Module &M)
        : Next(M.begin()), End(M.end()), Intrinsics(!M.IsNewDbgInfoFormat) {
        for (DICompileUnit *CU : M.debug_compile_units())
            compileUnit(CU);
    }

    bool done() const { return Next == End; }

    void step() {
        if (done())
            return;
        const Function &F = *Next++;
        if (auto *SP = cast_or_null<DISubprogram>(F.getSubprogram()))
            subprogram(SP);
        for (const BasicBlock &BB : F)
            for (const Instruction &I : BB) {
                if (Intrinsics)
                    if (auto *DVI = dyn_cast<DbgVariableIntrinsic>(&I))
                        variable(DVI->getVariable());
                location(I.getDebugLoc().get(), true);
                for (const DbgRecord &DR : I.getDbgRecordRange()) {
                    if (auto *DVR = dyn_cast<DbgVariableRecord>(&DR))
                        variable(DVR->getVariable());
                    location(DR.getDebugLoc().get(), false);
                }
            }
    }

private:
    Module::const_iterator Next, End;
    // A module in the debug-record format holds no debug intrinsics:
    // asking each instruction whether it is one was a third of the walk.
    const bool Intrinsics;
    DenseSet<const MDNode *> Seen;

    bool add(const MDNode *N) { return N && Seen.insert(N).second; }

    void compileUnit(DICompileUnit *CU) {
        if (!add(CU))
            return;
        for (auto *DIG : CU->getGlobalVariables()) {
            if (!Seen.insert(DIG).second)
                continue;
            auto *GV = DIG->getVariable();
            scope(GV->getScope());
            type(GV->getType());
        }
        for (auto *ET : CU->getEnumTypes())
            type(ET);
        for (auto *RT : CU->getRetainedTypes())
            if (auto *T = dyn_cast<DIType>(RT))
                type(T);
            else
                subprogram(cast<DISubprogram>(RT));
        for (auto *Import : CU->getImportedEntities()) {
            auto *Entity = Import->getEntity();
            if (auto *T = dyn_cast<DIType>(Entity))
                type(T);
            else if (auto *SP = dyn_cast<DISubprogram>(Entity))
                subprogram(SP);
            else if (auto *NS = dyn_cast<DINamespace>(Entity))
                scope(NS->getScope());
            else if (auto *Mod = dyn_cast<DIModule>(Entity))
                scope(Mod->getScope());
        }
    }

    // Walking a location again finds nothing new: skip an instruction's
    // location whose scope and inlined-at are those of the last
    // instruction's (debug records' locations, interleaved, do not share
    // them often enough to pay for the test).
    const DILocalScope *LastScope = nullptr;
    const DILocation *LastInlinedAt = nullptr;

    void location(const DILocation *Loc, bool OfInstruction) {
        if (!Loc)
            return;
        if (OfInstruction) {
            if (Loc->getScope() == LastScope && Loc->getInlinedAt() == LastInlinedAt)
                return;
            LastScope = Loc->getScope();
            LastInlinedAt = Loc->getInlinedAt();
        }
        for (; Loc; Loc = Loc->getInlinedAt())
            scope(Loc->getScope());
    }

    void type(DIType *T) {
        if (!add(T))
            return;
        Types.push_back(T);
        scope(T->getScope());
        if (auto *ST = dyn_cast<DISubroutineType>(T)) {
            for (DIType *Ref : ST->getTypeArray())
                type(Ref);
            return;
        }
        if (auto *C = dyn_cast<DICompositeType>(T)) {
            type(C->getBaseType());
            for (Metadata *D : C->getElements()) {
                if (auto *E = dyn_cast<DIType>(D))
                    type(E);
                else if (auto *SP = dyn_cast<DISubprogram>(D))
                    subprogram(SP);
            }
            return;
        }
        if (auto *D = dyn_cast<DIDerivedType>(T))
            type(D->getBaseType());
    }

    void scope(DIScope *S) {
        if (!S)
            return;
        if (auto *T = dyn_cast<DIType>(S)) {
            type(T);
            return;
        }
        if (auto *CU = dyn_cast<DICompileUnit>(S)) {
            add(CU); // noted, not walked: as DebugInfoFinder::processScope
            return;
        }
        if (auto *SP = dyn_cast<DISubprogram>(S)) {
            subprogram(SP);
            return;
        }
        if (S->getNumOperands() == 0 || !add(S))
            return;
        if (auto *LB = dyn_cast<DILexicalBlockBase>(S))
            scope(LB->getScope());
        else if (auto *NS = dyn_cast<DINamespace>(S))
            scope(NS->getScope());
        else if (auto *Mod = dyn_cast<DIModule>(S))
            scope(Mod->getScope());
    }

    void subprogram(DISubprogram *SP) {
        if (!add(SP))
            return;
        scope(SP->getScope());
        compileUnit(SP->getUnit());
        type(SP->getType());
        for (auto *Element : SP->getTemplateParams()) {
            if (auto *TT = dyn_cast<DITemplateTypeParameter>(Element))
                type(TT->getType());
            else if (auto *TV = dyn_cast<DITemplateValueParameter>(Element))
                type(TV->getType());
        }
    }

    void variable(const DILocalVariable *V) {
        if (!add(V))
            return;
        scope(V->getScope());
        type(V->getType());
    }
};

} // namespace

pa_bridge::~pa_bridge() = default;

namespace {

// A class made from a template (`Queue<int>`, `std::vector<A>`).
bool templateInstance(const DICompositeType *C) {
    return C->getTemplateParams() || C->getName().contains('<');
}

// A member typedef of a template's instance names no struct: the standard
// library's `value_type`, `element_type`, `mapped_type` and traits' `type`
// name whatever a container or trait was instantiated with, and named two
// structs held in two vectors `value_type`, one lock to the lock-order
// join. A member typedef of an ordinary class is the name its code uses
// (`typedef WorkQueue<BlockRep *> BlockRepPool;` inside a struct).
bool templateMemberTypedef(const DIDerivedType *D) {
    auto *Owner = dyn_cast_or_null<DICompositeType>(D->getScope());
    return Owner && templateInstance(Owner);
}

// The typedefs the walk found since the last call, into B->TypedefOf: the
// first one naming a struct is its name.
void absorbTypedefs(pa_bridge *B) {
    const auto &Types = B->Walk->Types;
    for (; B->TypesAbsorbed < Types.size(); ++B->TypesAbsorbed) {
        auto *D = dyn_cast_or_null<DIDerivedType>(Types[B->TypesAbsorbed]);
        if (!D || D->getTag() != dwarf::DW_TAG_typedef || D->getName().empty() || templateMemberTypedef(D))
            continue;
        if (auto *C = dyn_cast_or_null<DICompositeType>(D->getBaseType()))
            B->TypedefOf.try_emplace(C, D->getName().str());
    }
}

// Test hook (PERFADVISE_CHECK_TYPEDEFS=1, lit/typedef_walk.c): the whole
// walk's order of types against DebugInfoFinder's, once per module.
void checkTypeWalk(const Module &M) {
    static const bool Check = [] {
        const char *E = std::getenv("PERFADVISE_CHECK_TYPEDEFS");
        return E && std::strcmp(E, "1") == 0;
    }();
    if (!Check)
        return;
    TypeWalk Whole(M);
    while (!Whole.done())
        Whole.step();
    DebugInfoFinder Finder;
    Finder.processModule(M);
    auto Want = Finder.types();
    bool Same = (size_t)std::distance(Want.begin(), Want.end()) == Whole.Types.size() &&
                std::equal(Want.begin(), Want.end(), Whole.Types.begin());
    errs() << "perfadvise: typedef walk " << (Same ? "matches" : "DIFFERS FROM") << " DebugInfoFinder ("
           << Whole.Types.size() << " types)\n";
}

// The typedef that names C (the first in DebugInfoFinder's order), or
// nullptr. The walk over every instruction was the largest part of naming
// lock operands on sqlite3.c; it stops at the function where a question's
// first typedef turns up, since the types it meets later come after it in
// that order. A struct with no typedef still walks the whole module.
const std::string *typedefOf(pa_bridge *B, const DICompositeType *C) {
    if (!B || !B->M)
        return nullptr;
    if (!B->Walk) {
        B->Walk = std::make_unique<TypeWalk>(*B->M);
        checkTypeWalk(*B->M);
        absorbTypedefs(B);
    }
    for (;;) {
        auto It = B->TypedefOf.find(C);
        if (It != B->TypedefOf.end())
            return &It->second;
        if (B->Walk->done())
            return nullptr;
        B->Walk->step();
        absorbTypedefs(B);
    }
}

// Whether B's module is C++ (a compile unit in a C++ dialect), once per
// module.
bool cxxModule(pa_bridge *B) {
    if (!B || !B->M)
        return false;
    if (B->CxxModule < 0) {
        B->CxxModule = 0;
        for (DICompileUnit *CU : B->M->debug_compile_units())
            switch (CU->getSourceLanguage()) {
            case dwarf::DW_LANG_C_plus_plus:
            case dwarf::DW_LANG_C_plus_plus_03:
            case dwarf::DW_LANG_C_plus_plus_11:
            case dwarf::DW_LANG_C_plus_plus_14:
            case dwarf::DW_LANG_C_plus_plus_17:
            case dwarf::DW_LANG_C_plus_plus_20:
            case dwarf::DW_LANG_ObjC_plus_plus:
                B->CxxModule = 1;
                break;
            default:
                break;
            }
    }
    return B->CxxModule == 1;
}

// A class C++ code alone can declare and writes by its own name: a
// `class`, or one in a namespace or another class (what every file that
// declares it sees alike: a vtable holder, say, is only in the file that
// emits the vtable, and would name one struct two ways). A plain struct or
// union at file scope may come from a C header, where the project's C
// files name it by its typedef: a C++ file names it the same, so that a
// lock in it is one lock across the project's C and C++ files. A
// template's instance keeps its typedef, the short name the code uses for
// it (`typedef WorkQueue<BlockRep *> BlockRepPool;`).
bool cxxOwnNamedType(pa_bridge *B, const DICompositeType *C) {
    if (!cxxModule(B) || templateInstance(C))
        return false;
    if (C->getTag() == dwarf::DW_TAG_class_type)
        return true;
    const DIScope *Scope = C->getScope();
    return Scope && (isa<DINamespace>(Scope) || isa<DICompositeType>(Scope));
}

// Name of a composite as users write it: a typedef naming it (C), else its
// qualified name with its keyword ("struct conn", "class leveldb::DBImpl").
// One type, one name, whichever alias the code used: an anonymous one is
// named by the typedef that names it directly (`typedef pthread_mutex_t
// usbi_mutex_t;` is still pthread_mutex_t, whose members are the lock's own
// internals), as a named one is by typedefOf.
std::string typeName(const DIType *T, pa_bridge *B = nullptr) {
    std::string Typedef, Direct;
    for (int Guard = 0; T && Guard < 64; ++Guard) {
        if (auto *D = dyn_cast<DIDerivedType>(T)) {
            if (D->getTag() == dwarf::DW_TAG_typedef) {
                if (Typedef.empty())
                    Typedef = D->getName().str();
                Direct = D->getName().str();
            }
            T = D->getBaseType();
            continue;
        }
        break;
    }
    auto *C = dyn_cast_or_null<DICompositeType>(T);
    if (!C)
        return Typedef;
    if (C->getName().empty())
        return Direct;
    // Such a class's typedef is an alias (or a trait's `type`), and looking
    // for one walked the whole module's debug info for every class that
    // has none (most of them).
    if (!cxxOwnNamedType(B, C))
        if (const std::string *Name = typedefOf(B, C))
            return *Name;
    switch (C->getTag()) {
    case dwarf::DW_TAG_structure_type:
        return "struct " + qualifiedName(C);
    case dwarf::DW_TAG_class_type:
        return "class " + qualifiedName(C);
    case dwarf::DW_TAG_union_type:
        return "union " + qualifiedName(C);
    default:
        return qualifiedName(C);
    }
}

// Append ".member" names down to the member that starts at OffsetBits and
// return that member's type (nullptr when no member is there).
// OpaqueOk: a class this file's debug info only declares ends the path with
// ".<byte N>" and returns the class. Clang describes a class with a vtable
// only in the file that emits the vtable (-fno-standalone-debug, its
// default), so in RocksDB's db_impl_write.cc every member of DBImpl is
// behind a declaration. The class and the offset still tell one member
// from another in every file (one definition rule); the parameter alone
// (`param#1+2040`) told nothing and joined nothing.
//
// A member of a base class is found in the base's subobject (a
// DW_TAG_inheritance entry at its offset). With RenameByBase (Out is the
// type's name, nothing appended yet) the path starts again at the base
// class that declares the member: DuckDB's `ART` locks `BoundIndex::lock`,
// which the base's own methods name so too (one lock, one name), instead
// of `param#0+248`. Otherwise the path goes on through the base unnamed.
const DIType *appendMemberPath(const DIType *T, uint64_t OffsetBits, std::string &Out, bool OpaqueOk = false,
                               pa_bridge *RenameByBase = nullptr) {
    size_t Appended = Out.size();
    for (int Depth = 0; Depth < 16; ++Depth) {
        auto *C = dyn_cast_or_null<DICompositeType>(stripQualifiers(T));
        if (!C)
            return nullptr;
        // Only inside the class's declared size: a pointer whose debug type
        // is a base class (`Base *o`, cast to a derived class before the
        // lock) would otherwise name two derived classes' members alike.
        if (OpaqueOk && C->isForwardDecl() && !C->getName().empty() && OffsetBits % 8 == 0 &&
            OffsetBits < C->getSizeInBits()) {
            Out += ".<byte " + std::to_string(OffsetBits / 8) + ">";
            return C;
        }
        const DIDerivedType *Hit = nullptr;
        for (const DINode *E : C->getElements()) {
            auto *Mem = dyn_cast_or_null<DIDerivedType>(E);
            if (!Mem || Mem->getTag() != dwarf::DW_TAG_member || Mem->isStaticMember())
                continue;
            uint64_t Start = Mem->getOffsetInBits(), Size = Mem->getSizeInBits();
            if (OffsetBits >= Start && (OffsetBits < Start + Size || (Size == 0 && OffsetBits == Start))) {
                Hit = Mem;
                break;
            }
        }
        if (!Hit) {
            const DICompositeType *Base = nullptr;
            uint64_t BaseStart = 0;
            for (const DINode *E : C->getElements()) {
                auto *Inh = dyn_cast_or_null<DIDerivedType>(E);
                auto *BT = Inh && Inh->getTag() == dwarf::DW_TAG_inheritance
                               ? dyn_cast_or_null<DICompositeType>(stripQualifiers(Inh->getBaseType()))
                               : nullptr;
                uint64_t Start = BT ? Inh->getOffsetInBits() : 0, Size = BT ? BT->getSizeInBits() : 0;
                if (BT && Size > 0 && OffsetBits >= Start && OffsetBits < Start + Size) {
                    Base = BT;
                    BaseStart = Start;
                    break;
                }
            }
            if (!Base)
                return nullptr;
            if (RenameByBase && Out.size() == Appended) {
                std::string BaseName = typeName(Base, RenameByBase);
                if (!BaseName.empty()) {
                    Out = BaseName;
                    Appended = Out.size();
                }
            }
            OffsetBits -= BaseStart;
            T = Base;
            continue;
        }
        Out += ".";
        Out += Hit->getName().empty() ? "<anonymous>" : Hit->getName().str();
        // The field itself is the user-visible lock (&c->lock); descend only
        // when the offset points inside it (&c->inner.lock).
        if (OffsetBits == Hit->getOffsetInBits())
            return Hit->getBaseType() ? Hit->getBaseType() : Hit;
        OffsetBits -= Hit->getOffsetInBits();
        T = Hit->getBaseType();
    }
    return nullptr;
}

// Debug-info type of the variable that holds V (a pointer), if any.
// Does T point to a struct, class or union (not void, not a scalar)?
// Does T point to a struct (0: no; 1: one only declared here, as an
// opaque handle's `struct sqlite3_stmt`; 2: one whose members are known)?
int pointsToComposite(const DIType *T) {
    auto *P = dyn_cast_or_null<DIDerivedType>(stripQualifiers(T));
    if (!P || (P->getTag() != dwarf::DW_TAG_pointer_type && P->getTag() != dwarf::DW_TAG_reference_type &&
               P->getTag() != dwarf::DW_TAG_rvalue_reference_type))
        return 0;
    auto *C = dyn_cast_or_null<DICompositeType>(stripQualifiers(P->getBaseType()));
    return !C ? 0 : C->isForwardDecl() ? 1 : 2;
}

const DIType *variableTypeOf(Value *V) {
    // A variable that holds V with a struct type says more than a `void *`
    // parameter it came from (`struct mdb_copy *my = arg;`), and one whose
    // struct is defined more than an opaque handle's (`Vdbe *v = (Vdbe
    // *)pStmt`, the same value after the cast).
    SmallVector<DbgValueInst *, 2> Intrinsics;
    SmallVector<DbgVariableRecord *, 2> Records;
    findDbgValues(Intrinsics, V, &Records);
    const DIType *Any = nullptr, *Declared = nullptr;
    auto Consider = [&](const DILocalVariable *Var) {
        int Kind = pointsToComposite(Var->getType());
        if (Kind == 1 && !Declared)
            Declared = Var->getType();
        if (!Any)
            Any = Var->getType();
        return Kind == 2;
    };
    for (DbgVariableRecord *R : Records)
        if (DILocalVariable *Var = R->getVariable())
            if (R->getExpression() && R->getExpression()->getNumElements() == 0 && Consider(Var))
                return Var->getType();
    for (DbgValueInst *I : Intrinsics)
        if (DILocalVariable *Var = I->getVariable())
            if (I->getExpression() && I->getExpression()->getNumElements() == 0 && Consider(Var))
                return Var->getType();
    if (Declared)
        return Declared;
    if (auto *A = dyn_cast<Argument>(V)) {
        if (DISubprogram *SP = A->getParent()->getSubprogram())
            if (DISubroutineType *ST = SP->getType()) {
                auto Types = ST->getTypeArray();
                unsigned Idx = A->getArgNo() + 1; // element 0 is the return type
                if (Idx < Types.size())
                    if (const DIType *T = Types[Idx])
                        return T;
            }
    }
    return Any;
}

// A variable of F itself: its scope chain ends in F's subprogram (an
// inlined callee's locals end in the callee's), and the compiler did not
// make it (`this`, `__range2` of a range-for).
static bool ownVariable(const DILocalVariable *Var, const Function *F) {
    return Var && !Var->isArtificial() && F && F->getSubprogram() && Var->getScope() &&
           Var->getScope()->getSubprogram() == F->getSubprogram() &&
           !Var->getName().starts_with("__");
}

// The first variable living in the stack slot A for which Want(Var, F)
// holds: A's declares, and the variables assignment tracking (clang's
// default at -O1 and above with -g) links to A through its DIAssignID
// (such a variable has no declare). nullptr when none.
template <typename Pred> static DILocalVariable *slotVariable(const AllocaInst *A, Pred Want) {
    const Function *F = A->getFunction();
    if (A->isUsedByMetadata()) {
        for (DbgVariableRecord *R : findDVRDeclares(const_cast<AllocaInst *>(A)))
            if (Want(R->getVariable(), F))
                return R->getVariable();
        for (DbgDeclareInst *I : findDbgDeclares(const_cast<AllocaInst *>(A)))
            if (Want(I->getVariable(), F))
                return I->getVariable();
    }
    for (DbgVariableRecord *R : at::getDVRAssignmentMarkers(A))
        if (Want(R->getVariable(), F))
            return R->getVariable();
    for (DbgAssignIntrinsic *I : at::getAssignmentMarkers(A))
        if (Want(I->getVariable(), F))
            return I->getVariable();
    return nullptr;
}

// Debug variable that lives in the memory V points to (an alloca): a
// declare, else a variable of the function's own that assignment tracking
// links to it (before the `this` of an inlined member or a range-for's
// `__range2` that debug values say point there).
DILocalVariable *askDeclaredVariable(Value *V) {
    for (DbgVariableRecord *R : findDVRDeclares(V))
        if (DILocalVariable *Var = R->getVariable())
            return Var;
    for (DbgDeclareInst *I : findDbgDeclares(V))
        if (DILocalVariable *Var = I->getVariable())
            return Var;
    if (auto *A = dyn_cast<AllocaInst>(V))
        return slotVariable(A, ownVariable);
    return nullptr;
}

DILocalVariable *declaredVariable(Value *V) {
    if (!V || !V->isUsedByMetadata())
        return nullptr;
    if (!DeclaredInRun)
        return askDeclaredVariable(V);
    auto [It, New] = DeclaredInRun->try_emplace(V, nullptr);
    if (New)
        It->second = askDeclaredVariable(V);
    return It->second;
}

// The source variable an IR value stands for: the variable declared in the
// memory it points to, else the first variable its debug records say holds
// exactly V. A record with an expression describes a variable computed from
// V (`for (i = n - 1; ...)` salvaged as i = n + -1): that variable is not V,
// and naming V after it made a trip count of n read "at most i".
const DILocalVariable *sourceVariable(Value *V) {
    if (DILocalVariable *Var = declaredVariable(V))
        return Var;
    SmallVector<DbgValueInst *, 2> Intrinsics;
    SmallVector<DbgVariableRecord *, 2> Records;
    findDbgValues(Intrinsics, V, &Records);
    for (DbgVariableRecord *R : Records)
        if (DILocalVariable *Var = R->getVariable())
            if (R->getExpression() && R->getExpression()->getNumElements() == 0)
                return Var;
    for (DbgValueInst *I : Intrinsics)
        if (DILocalVariable *Var = I->getVariable())
            if (I->getExpression() && I->getExpression()->getNumElements() == 0)
                return Var;
    return nullptr;
}

// Source-level name of an IR value ("" if none).
std::string sourceName(Value *V) {
    const DILocalVariable *Var = sourceVariable(V);
    return Var ? Var->getName().str() : std::string();
}

// A trip count a developer can read ("n", "(n + -1)", "(len / 2)"), written
// from the SCEV tree with source variable names. Never SCEV::print or
// printAsOperand: with value names discarded (release clang) each call builds
// a module-wide SlotTracker, which made sqlite3.c compile 20% slower.
// Returns false (no text) for anything without a readable name.
bool writeSCEV(const SCEV *S, std::string &Out, int Depth) {
    if (Depth > 8 || Out.size() > 48)
        return false;
    if (auto *C = dyn_cast<SCEVConstant>(S)) {
        Out += std::to_string(C->getAPInt().getSExtValue());
        return true;
    }
    if (auto *U = dyn_cast<SCEVUnknown>(S)) {
        std::string Name = sourceName(U->getValue());
        if (Name.empty())
            return false;
        Out += Name;
        return true;
    }
    if (auto *Cast = dyn_cast<SCEVCastExpr>(S)) // zext/sext/trunc: same number to a reader
        return writeSCEV(Cast->getOperand(0), Out, Depth + 1);
    if (auto *D = dyn_cast<SCEVUDivExpr>(S)) {
        Out += "(";
        if (!writeSCEV(D->getLHS(), Out, Depth + 1))
            return false;
        Out += " / ";
        if (!writeSCEV(D->getRHS(), Out, Depth + 1))
            return false;
        Out += ")";
        return true;
    }
    const char *Sep = nullptr, *Open = "(";
    if (isa<SCEVAddExpr>(S))
        Sep = " + ";
    else if (isa<SCEVMulExpr>(S))
        Sep = " * ";
    else if (isa<SCEVMinMaxExpr>(S) || isa<SCEVSequentialMinMaxExpr>(S)) {
        Sep = ", ";
        Open = isa<SCEVSMaxExpr>(S) || isa<SCEVUMaxExpr>(S) ? "max(" : "min(";
    }
    auto *N = dyn_cast<SCEVNAryExpr>(S);
    if (!Sep || !N)
        return false; // add recurrences and the like: no short reading
    Out += Open;
    for (unsigned I = 0; I < N->getNumOperands(); ++I) {
        if (I)
            Out += Sep;
        if (!writeSCEV(N->getOperand(I), Out, Depth + 1))
            return false;
    }
    Out += ")";
    return true;
}

std::string readableSCEV(const SCEV *S) {
    std::string Text;
    return writeSCEV(S, Text, 0) ? Text : std::string();
}

void copyOut(const std::string &S, char *Buf, size_t N) {
    if (!Buf || N == 0)
        return;
    size_t Len = S.size() < N - 1 ? S.size() : N - 1;
    std::memcpy(Buf, S.data(), Len);
    Buf[Len] = '\0';
}

const DIType *pointeeOf(const DIType *T) {
    auto *Ptr = dyn_cast_or_null<DIDerivedType>(stripQualifiers(T));
    if (!Ptr || (Ptr->getTag() != dwarf::DW_TAG_pointer_type &&
                 Ptr->getTag() != dwarf::DW_TAG_reference_type &&
                 Ptr->getTag() != dwarf::DW_TAG_rvalue_reference_type))
        return nullptr;
    return Ptr->getBaseType();
}

const DIType *pointerTypeOf(Value *V, int Depth);

// Debug type of the object at byte Off inside what Base points to, or null.
const DIType *objectTypeAt(Value *Base, int64_t Off, int Depth) {
    const DIType *T = nullptr;
    if (auto *GV = dyn_cast<GlobalVariable>(Base)) {
        SmallVector<DIGlobalVariableExpression *, 1> GVs;
        GV->getDebugInfo(GVs);
        if (!GVs.empty() && GVs[0]->getVariable())
            T = GVs[0]->getVariable()->getType();
    } else if (DILocalVariable *Var = declaredVariable(Base)) {
        T = Var->getType();
    } else {
        T = pointeeOf(pointerTypeOf(Base, Depth + 1));
    }
    if (!T || Off == 0)
        return T;
    std::string Path;
    return Off > 0 ? appendMemberPath(T, (uint64_t)Off * 8, Path) : nullptr;
}

// Debug type of the pointer value V: a parameter's or variable's declared
// type, or, for a pointer loaded from memory (`rkb->rkb_rk`, `h->b`), the
// type of the field it was loaded from. Null when debug info does not say.
const DIType *pointerTypeOf(Value *V, int Depth) {
    if (!V || Depth > 6)
        return nullptr;
    if (const DIType *T = variableTypeOf(V))
        return T;
    auto *LI = dyn_cast<LoadInst>(V);
    if (!LI || !LI->getModule())
        return nullptr;
    const DataLayout &DL = LI->getModule()->getDataLayout();
    APInt Off(DL.getIndexTypeSizeInBits(LI->getPointerOperand()->getType()), 0);
    Value *Base = LI->getPointerOperand()->stripAndAccumulateConstantOffsets(DL, Off, true);
    if (Off.getSignificantBits() > 63)
        return nullptr;
    const DIType *T = objectTypeAt(Base, Off.getSExtValue(), Depth + 1);
    // At offset 0 the struct and its first member start together: the
    // loaded pointer is the innermost member there (h->b with b first).
    for (int Guard = 0; T && !pointeeOf(T) && Guard < 8; ++Guard) {
        std::string Path;
        T = appendMemberPath(T, 0, Path);
    }
    return T;
}

// The debug type of the object V points to, and the name to start a lock
// class with: a global's or local's own name, else the pointee type's name.
// ThroughSlot: V is a stack slot holding the pointer (-O0 code).
const DIType *askObjectTypeOf(Value *V, bool ThroughSlot, std::string &BaseName, pa_bridge *B) {
    if (auto *GV = dyn_cast<GlobalVariable>(V)) {
        SmallVector<DIGlobalVariableExpression *, 1> GVs;
        GV->getDebugInfo(GVs);
        if (GVs.empty() || !GVs[0]->getVariable())
            return nullptr;
        // The name in the source (g_a), not the symbol (_ZL3g_a).
        StringRef Name = GVs[0]->getVariable()->getName();
        BaseName = Name.empty() ? GV->getName().str() : Name.str();
        return GVs[0]->getVariable()->getType();
    }
    if (DILocalVariable *Var = declaredVariable(V)) {
        if (!ThroughSlot) {
            BaseName = Var->getName().str();
            return Var->getType();
        }
        const DIType *Pointee = pointeeOf(Var->getType());
        BaseName = typeName(Pointee, B);
        return BaseName.empty() ? nullptr : Pointee;
    }
    if (ThroughSlot)
        return nullptr;
    const DIType *Pointee = pointeeOf(pointerTypeOf(V, 0));
    BaseName = typeName(Pointee, B);
    return BaseName.empty() ? nullptr : Pointee;
}

const DIType *objectTypeOf(Value *V, bool ThroughSlot, std::string &BaseName, pa_bridge *B) {
    if (!B)
        return askObjectTypeOf(V, ThroughSlot, BaseName, B);
    auto [It, New] = B->ObjectTypes.try_emplace({V, ThroughSlot ? 1u : 0u});
    if (New) {
        std::string Name;
        It->second.first = askObjectTypeOf(V, ThroughSlot, Name, B);
        It->second.second = std::move(Name);
    }
    if (It->second.first)
        BaseName = It->second.second;
    return It->second.first;
}

// The control-flow graph of a function on integer arrays (blocks in F's
// order) and its natural loops, as LoopInfo finds them: a loop is a header h
// and every block that reaches a latch (a block with an edge back to h,
// which h dominates) without passing h; unreachable blocks are in no loop,
// and a cycle without such an edge (irreducible) is no loop. Built without
// the dominator tree and loop objects of LoopInfo, which cost ~100,000
// instructions per function: for every function of sqlite3.c that was a
// third of the plugin. Depth-first order, dominators by Cooper, Harvey and
// Kennedy's iteration, then each header's loop by a backward walk.
// lit/profile_loop_depth.c checks the depths against LoopInfo
// (PERFADVISE_CHECK_LOOP_DEPTHS=1).
struct BlockGraph {
    static constexpr unsigned None = ~0u;
    unsigned N = 0;
    SmallVector<const BasicBlock *, 32> Blocks;
    DenseMap<const BasicBlock *, unsigned> Id; // block -> its index in Blocks
    SmallVector<unsigned, 33> SuccFirst; // successors as CSR
    SmallVector<unsigned, 64> Succ;
    SmallVector<unsigned, 32> Post;      // postorder number, None if unreachable
    SmallVector<unsigned, 32> Order;     // reachable blocks in postorder
    SmallVector<unsigned, 32> Depth;     // loops around the block
    SmallVector<unsigned, 32> Inner;     // header of the innermost loop around it, or None
    SmallVector<unsigned, 32> Outer;     // per header: the header of the loop around its loop, or None
    // The module's blocks with a cold call (coldCallBlocks), and those with
    // a call of an error report; nullptr: none.
    const DenseSet<const BasicBlock *> *ColdCalls = nullptr;
    const DenseSet<const BasicBlock *> *ErrorCalls = nullptr;
};

// Visit(call, callee) for every direct call of the module (a call, invoke
// or callbr whose called operand is a function), from the use lists of the
// module's functions: only the calls are visited, not every instruction.
// The first visit also notes the blocks with a cold call (coldCallBlocks),
// so that no second visit is needed for them.
// The function a non-interposable alias stands for, or null.
static Function *functionOfAlias(Value *V) {
    auto *A = dyn_cast_or_null<GlobalAlias>(V);
    return A && !A->isInterposable() ? dyn_cast_or_null<Function>(A->getAliaseeObject()) : nullptr;
}

// Does F's name say it reports an error (log_error, Fatal, rd_kafka_fail)?
// Asked once per callee while the cold calls are noted.
static bool reportsError(const pa_bridge *B, const Function &F) {
    if (!B->ReportsError || F.isIntrinsic())
        return false;
    SmallString<128> Name(F.getName());
    return B->ReportsError(Name.c_str());
}

template <typename VisitFn> void visitDirectCalls(pa_bridge *B, VisitFn Visit) {
    bool NoteCold = !B->ColdCallBlocksBuilt;
    auto VisitUses = [&](Value &Called, Function &F) {
        bool ErrorReport = NoteCold && reportsError(B, F);
        for (Use &U : Called.uses()) {
            auto *CB = dyn_cast<CallBase>(U.getUser());
            if (!CB || !CB->isCallee(&U))
                continue;
            if (NoteCold && CB->hasFnAttr(Attribute::Cold))
                B->ColdCallBlocks.insert(CB->getParent());
            else if (ErrorReport)
                B->ErrorCallBlocks.insert(CB->getParent());
            Visit(*CB, F);
        }
    };
    for (Function &F : *B->M)
        VisitUses(F, F);
    // A constructor or destructor defined here is called through its
    // complete-object alias (C1 = alias of C2): a call of the function too
    // (pa_bridge_aliased_function, which the extractor asks).
    for (GlobalAlias &A : B->M->aliases())
        if (Function *F = functionOfAlias(&A))
            VisitUses(A, *F);
    B->ColdCallBlocksBuilt = true;
}

// Every block of the module with a cold direct call (CallBase::hasFnAttr:
// the callee is marked cold, or the call site is, as InstCombine marks an
// fprintf to stderr on an error path); on the way, those with a direct
// call of a function whose name reports an error (reportsError, into
// ErrorCallBlocks): blockRarity looked at every
// instruction of every function the profile reads, a walk waiting on
// memory for each (docs/performance.md, seventeenth session). Indirect
// calls are not looked at: clang marks a call cold only from its callee's
// declaration. Usually built already by pa_bridge_direct_calls' visit.
const DenseSet<const BasicBlock *> *coldCallBlocks(pa_bridge *B) {
    if (!B)
        return nullptr;
    if (!B->ColdCallBlocksBuilt && B->M)
        visitDirectCalls(B, [](CallBase &, Function &) {});
    return &B->ColdCallBlocks;
}

// The module's cold calls and error reports, for G's rarity (built at the
// first call: the error reports are noted on the same walk).
void noteRareCalls(BlockGraph &G, pa_bridge *B) {
    G.ColdCalls = coldCallBlocks(B);
    G.ErrorCalls = B ? &B->ErrorCallBlocks : nullptr;
}

void buildBlockGraph(const Function &F, BlockGraph &G) {
    const unsigned None = BlockGraph::None;
    const unsigned N = (unsigned)F.size();
    G.N = N;
    G.Depth.assign(N, 0);
    G.Inner.assign(N, None);
    G.Outer.assign(N, None);
    auto &Id = G.Id;
    Id.reserve(N);
    for (const BasicBlock &BB : F) {
        Id[&BB] = (unsigned)G.Blocks.size();
        G.Blocks.push_back(&BB);
    }
    auto &SuccFirst = G.SuccFirst;
    auto &Succ = G.Succ;
    SuccFirst.assign(N + 1, 0);
    for (unsigned B = 0; B < N; ++B) {
        SuccFirst[B] = (unsigned)Succ.size();
        for (const BasicBlock *S : successors(G.Blocks[B]))
            Succ.push_back(Id.lookup(S));
    }
    SuccFirst[N] = (unsigned)Succ.size();
    if (N == 0)
        return;
    // Iterative depth-first search from the entry: postorder numbers, and
    // whether any edge goes back to a block on the stack (no such edge: no
    // cycle, so no loop, which is most functions).
    auto &Post = G.Post;
    auto &Order = G.Order;
    Post.assign(N, None);
    SmallVector<unsigned char, 32> State(N, 0); // 1 on the stack, 2 done
    SmallVector<std::pair<unsigned, unsigned>, 32> Stack;
    bool AnyBack = false;
    Stack.push_back({0, SuccFirst[0]});
    State[0] = 1;
    while (!Stack.empty()) {
        auto &[B, Next] = Stack.back();
        if (Next < SuccFirst[B + 1]) {
            unsigned S = Succ[Next++];
            if (State[S] == 0) {
                State[S] = 1;
                Stack.push_back({S, SuccFirst[S]});
            } else if (State[S] == 1) {
                AnyBack = true;
            }
            continue;
        }
        State[B] = 2;
        Post[B] = (unsigned)Order.size();
        Order.push_back(B);
        Stack.pop_back();
    }
    if (!AnyBack)
        return;
    // Predecessors (reachable ones) as CSR.
    SmallVector<unsigned, 33> PredFirst(N + 1, 0);
    SmallVector<unsigned, 64> Pred(Succ.size());
    for (unsigned B = 0; B < N; ++B)
        if (Post[B] != None)
            for (unsigned K = SuccFirst[B]; K < SuccFirst[B + 1]; ++K)
                PredFirst[Succ[K] + 1]++;
    for (unsigned B = 0; B < N; ++B)
        PredFirst[B + 1] += PredFirst[B];
    SmallVector<unsigned, 33> Fill(PredFirst.begin(), PredFirst.end());
    for (unsigned B = 0; B < N; ++B)
        if (Post[B] != None)
            for (unsigned K = SuccFirst[B]; K < SuccFirst[B + 1]; ++K)
                Pred[Fill[Succ[K]]++] = B;
    // Immediate dominators, in postorder numbers (the entry's is itself).
    const unsigned R = (unsigned)Order.size();
    SmallVector<unsigned, 32> IDom(R, None);
    IDom[R - 1] = R - 1;
    for (bool Changed = true; Changed;) {
        Changed = false;
        for (unsigned P = R - 1; P-- > 0;) { // reverse postorder, entry skipped
            unsigned B = Order[P], New = None;
            for (unsigned K = PredFirst[B]; K < PredFirst[B + 1]; ++K) {
                unsigned Q = Post[Pred[K]];
                if (IDom[Q] == None)
                    continue;
                if (New == None) {
                    New = Q;
                    continue;
                }
                unsigned X = Q, Y = New;
                while (X != Y) {
                    while (X < Y)
                        X = IDom[X];
                    while (Y < X)
                        Y = IDom[Y];
                }
                New = X;
            }
            if (New != IDom[P]) {
                IDom[P] = New;
                Changed = true;
            }
        }
    }
    auto Dominates = [&](unsigned A, unsigned B) { // postorder numbers
        while (B != A && B != R - 1 && B < A)
            B = IDom[B];
        return B == A;
    };
    // A header dominates every block of its loop, so it finishes later in
    // the search: of the loops around a block, the innermost has the
    // header with the smallest postorder number. Inner2 is the next one
    // out, which for a header is the loop around its own.
    SmallVector<unsigned, 32> Inner2(N, None);
    auto Enter = [&](unsigned B, unsigned H) {
        ++G.Depth[B];
        if (G.Inner[B] == None || Post[H] < Post[G.Inner[B]]) {
            Inner2[B] = G.Inner[B];
            G.Inner[B] = H;
        } else if (Inner2[B] == None || Post[H] < Post[Inner2[B]]) {
            Inner2[B] = H;
        }
    };
    // Each header's loop: backward from its latches, not through the header.
    SmallVector<unsigned, 32> Seen(N, None), Work;
    for (unsigned H = 0; H < N; ++H) {
        if (Post[H] == None)
            continue;
        Work.clear();
        for (unsigned K = PredFirst[H]; K < PredFirst[H + 1]; ++K)
            if (Dominates(Post[H], Post[Pred[K]]) && Seen[Pred[K]] != H) {
                Seen[Pred[K]] = H;
                Work.push_back(Pred[K]);
            }
        if (Work.empty())
            continue;
        Seen[H] = H;
        Enter(H, H);
        while (!Work.empty()) {
            unsigned B = Work.pop_back_val();
            if (B == H)
                continue;
            Enter(B, H);
            for (unsigned K = PredFirst[B]; K < PredFirst[B + 1]; ++K)
                if (Seen[Pred[K]] != H) {
                    Seen[Pred[K]] = H;
                    Work.push_back(Pred[K]);
                }
        }
    }
    for (unsigned B = 0; B < N; ++B)
        if (G.Inner[B] == B)
            G.Outer[B] = Inner2[B];
}

// Whether the loop headed by H contains block B.
bool loopContains(const BlockGraph &G, unsigned H, unsigned B) {
    for (unsigned X = G.Inner[B]; X != BlockGraph::None; X = G.Outer[X])
        if (X == H)
            return true;
    return false;
}

// A block the code marks as seldom run, in BranchProbabilityInfo's terms:
// one that reaches only a crash (`unreachable`, after a noreturn call) or
// where an exception lands (an invoke's unwind destination) is all but
// never run, one that calls a `cold` function rarely. Beyond
// BranchProbabilityInfo, on purpose: a block that only ends the call in an
// error, returning an error code or calling an error report (ErrorCalls),
// weighs as a cold call's side inside its loop (edgeRarity):
// BranchProbabilityInfo splits `if (c == '!') { ...; return -1; }` evenly,
// and the whole-program profile then counted what runs only on failure as
// half the calls (issue 10, item 8). Per block,
// successors first (postorder), so that a crash two blocks down counts.
enum class Rarity : unsigned char { Normal, Error, Cold, Never };

bool isUnwindDest(const BasicBlock *BB) {
    if (!BB->isEHPad())
        return false;
    for (const BasicBlock *P : predecessors(BB))
        if (auto *II = dyn_cast<InvokeInst>(P->getTerminator()))
            if (II->getUnwindDest() == BB)
                return true;
    return false;
}

// The value the call returns when block To is entered from From: To's
// own `ret V`, or, for a return of a phi of To, the phi's value from From
// (the shared `return rc;` block of -O2 code; From null: the phi itself).
// Null when To does not return a value.
static const Value *returnedValue(const BasicBlock *From, const BasicBlock *To) {
    auto *Ret = dyn_cast<ReturnInst>(To->getTerminator());
    const Value *V = Ret ? Ret->getReturnValue() : nullptr;
    if (auto *Phi = dyn_cast_or_null<PHINode>(V); Phi && Phi->getParent() == To && From) {
        int I = Phi->getBasicBlockIndex(From);
        V = I >= 0 ? Phi->getIncomingValue((unsigned)I) : nullptr;
    }
    return V;
}

// An integer constant returned, into *K (an i1 is a bool, not a code).
static bool returnedInteger(const Value *V, int64_t &K) {
    auto *C = dyn_cast_or_null<ConstantInt>(V);
    if (!C || C->getBitWidth() <= 1 || C->getBitWidth() > 64)
        return false;
    K = C->getSExtValue();
    return true;
}

// A negative integer constant returned by F: an error code (-1, -ENOMEM),
// as the model's error paths read one (ex_exit_const).
static bool isErrorCode(const Value *V, const Function *F) {
    int64_t K;
    if (!returnedInteger(V, K) || F->hasRetAttribute(Attribute::ZExt))
        return false; /* an unsigned char's 200 is no -56 */
    return K < 0 && K >= -4095; /* errno's range: 0x80000000u is no error code */
}

// Does BB return an error code itself (`ret i32 -1`)?
static bool returnsErrorCode(const BasicBlock *BB) {
    return isErrorCode(returnedValue(nullptr, BB), BB->getParent());
}

// Does the edge From -> To return an error code: To returns a phi whose
// value from From is one? (A To that returns one itself is rare already.)
static bool edgeReturnsErrorCode(const BasicBlock *From, const BasicBlock *To) {
    return isErrorCode(returnedValue(From, To), To->getParent());
}

// A non-negative integer constant returned from block From into To (To's
// own `ret 0`, or the value its return phi takes from From): the call ends
// in success there.
static bool returnsSuccessCode(const BasicBlock *From, const BasicBlock *To) {
    int64_t K;
    return returnedInteger(returnedValue(From, To), K) && K >= 0;
}

// Does the error report called in block B end what the code was doing:
// no way on from B comes back to the header of B's loop (a progress
// warning in a loop body, `while (!check_failed(q))`, a log-and-retry) or
// returns a success code (`report_errors(); return 0;` at the end of main)?
// A bounded search: a way on longer than 256 blocks is taken to come back.
static bool errorReportEnds(const BlockGraph &G, unsigned B) {
    const unsigned H = G.Inner[B];
    SmallVector<unsigned, 32> Work;
    DenseSet<unsigned> Seen;
    Work.push_back(B);
    Seen.insert(B);
    for (unsigned Steps = 0; !Work.empty(); ++Steps) {
        unsigned X = Work.pop_back_val();
        if (Steps > 256 || returnsSuccessCode(nullptr, G.Blocks[X]))
            return false;
        for (unsigned K = G.SuccFirst[X]; K < G.SuccFirst[X + 1]; ++K) {
            unsigned S = G.Succ[K];
            if (S == H || returnsSuccessCode(G.Blocks[X], G.Blocks[S]))
                return false;
            if (Seen.insert(S).second)
                Work.push_back(S);
        }
    }
    return true;
}

// How seldom the edge B -> S runs, by where it goes: S's rarity, and an
// edge that returns an error code is an error's. An error's rarity stays
// in its loop: the way out of a loop that only ends in an error (a thread's
// service loop, after which it reports `terminating` through its fail
// function) is still the loop's exit, and an edge leaving the loop weighs
// as it did, or the loop's count grew 16-fold (librdkafka's broker thread,
// 32 -> 497 per call).
Rarity edgeRarity(const BlockGraph &G, const SmallVectorImpl<Rarity> &Rare, unsigned B, unsigned S) {
    Rarity R = Rare[S];
    if (R == Rarity::Normal && edgeReturnsErrorCode(G.Blocks[B], G.Blocks[S]))
        R = Rarity::Error;
    if (R == Rarity::Error && G.Inner[B] != BlockGraph::None && !loopContains(G, G.Inner[B], S))
        R = Rarity::Normal;
    return R;
}

void blockRarity(const BlockGraph &G, SmallVectorImpl<Rarity> &Rare) {
    Rare.assign(G.N, Rarity::Normal);
    for (unsigned B : G.Order) {
        const BasicBlock *BB = G.Blocks[B];
        if (isa<UnreachableInst>(BB->getTerminator()) || isUnwindDest(BB)) {
            Rare[B] = Rarity::Never;
            continue;
        }
        Rarity Least = Rarity::Never;
        bool Any = false;
        for (unsigned K = G.SuccFirst[B]; K < G.SuccFirst[B + 1]; ++K) {
            unsigned S = G.Succ[K];
            if (G.Post[S] <= G.Post[B]) { // not an edge back up the search
                Any = true;
                Least = std::min(Least, edgeRarity(G, Rare, B, S));
            } else {
                Least = Rarity::Normal;
            }
        }
        Rarity Own = Any ? Least : Rarity::Normal;
        if (Own <= Rarity::Error && G.ColdCalls && G.ColdCalls->contains(BB))
            Own = Rarity::Cold;
        else if (Own == Rarity::Normal &&
                 (returnsErrorCode(BB) ||
                  (G.ErrorCalls && G.ErrorCalls->contains(BB) && errorReportEnds(G, B))))
            Own = Rarity::Error;
        Rare[B] = Own;
    }
}

// BranchProbabilityInfo's comparison heuristics on a two-way branch, in
// its order and with its tables: a pointer equal to another (NULL, mostly)
// is unlikely; an integer compared with a constant: not when it is a
// single-bit flag (`flags & F`: nothing known), strcmp and friends' result
// equal to a constant unlikely, else equal to 0 or -1, below 0 or below 1
// unlikely; a floating-point equality (LLVM's own sense of it) and an
// isnan test (1 in 2^20). Weights of the true and the false side into T
// and F; false when none applies.
bool comparisonWeights(const BranchInst *Br, double &T, double &F) {
    auto Likely = [&](bool TrueSide) {
        T = TrueSide ? 20.0 : 12.0;
        F = TrueSide ? 12.0 : 20.0;
        return true;
    };
    if (auto *FC = dyn_cast<FCmpInst>(Br->getCondition())) {
        if (FC->isEquality())
            return Likely(!FC->isTrueWhenEqual());
        if (FC->getPredicate() != CmpInst::FCMP_ORD && FC->getPredicate() != CmpInst::FCMP_UNO)
            return false;
        bool Ordered = FC->getPredicate() == CmpInst::FCMP_ORD;
        T = Ordered ? 1048575.0 : 1.0;
        F = Ordered ? 1.0 : 1048575.0;
        return true;
    }
    auto *Cmp = dyn_cast<ICmpInst>(Br->getCondition());
    if (!Cmp)
        return false;
    CmpInst::Predicate P = Cmp->getPredicate();
    if (Cmp->getOperand(0)->getType()->isPointerTy()) {
        if (!Cmp->isEquality())
            return false;
        return Likely(P == CmpInst::ICMP_NE);
    }
    auto ConstantOf = [](Value *V) {
        if (auto *Cast = dyn_cast<BitCastInst>(V))
            V = Cast->getOperand(0);
        return dyn_cast<ConstantInt>(V);
    };
    ConstantInt *C = ConstantOf(Cmp->getOperand(1));
    if (!C)
        return false;
    if (auto *And = dyn_cast<BinaryOperator>(Cmp->getOperand(0)))
        if (And->getOpcode() == Instruction::And)
            if (ConstantInt *Mask = ConstantOf(And->getOperand(1)))
                if (Mask->getValue().isPowerOf2())
                    return false;
    if (auto *Call = dyn_cast<CallInst>(Cmp->getOperand(0)))
        if (Function *Callee = Call->getCalledFunction()) {
            StringRef N = Callee->getName();
            if (N == "strcmp" || N == "strncmp" || N == "strcasecmp" || N == "strncasecmp" ||
                N == "memcmp" || N == "bcmp") {
                if (!Cmp->isEquality())
                    return false;
                return Likely(P == CmpInst::ICMP_NE);
            }
        }
    if (C->isZero()) {
        switch (P) {
        case CmpInst::ICMP_EQ:
        case CmpInst::ICMP_SLT: return Likely(false);
        case CmpInst::ICMP_NE:
        case CmpInst::ICMP_SGT: return Likely(true);
        default: return false;
        }
    }
    if (C->isOne())
        return P == CmpInst::ICMP_SLT && Likely(false);
    if (C->isMinusOne()) {
        switch (P) {
        case CmpInst::ICMP_EQ: return Likely(false);
        case CmpInst::ICMP_NE:
        case CmpInst::ICMP_SGT: return Likely(true);
        default: return false;
        }
    }
    return false;
}

// The weights of block B's edges (in successor order), by the first of
// BranchProbabilityInfo's heuristics that applies: branch weights in the IR
// (__builtin_expect, profile data), seldom-run successors, edges that leave
// the loop headed by H (None: not in a loop) against those that stay, then
// the comparison heuristics; else all equal.
void edgeWeights(const BlockGraph &G, const SmallVectorImpl<Rarity> &Rare, unsigned B, unsigned H,
                 SmallVectorImpl<double> &W) {
    const unsigned First = G.SuccFirst[B], Count = G.SuccFirst[B + 1] - First;
    W.assign(Count, 1.0);
    if (Count < 2)
        return;
    const Instruction *Term = G.Blocks[B]->getTerminator();
    SmallVector<uint32_t, 4> Given;
    if (extractBranchWeights(*Term, Given) && Given.size() == Count) {
        uint64_t Sum = 0;
        for (uint32_t X : Given)
            Sum += X;
        if (Sum > 0) {
            for (unsigned K = 0; K < Count; ++K)
                W[K] = (double)Given[K];
            return;
        }
    }
    // BranchProbabilityInfo's estimated weights (calcEstimatedHeuristics):
    // a seldom-run successor weighs 1 (crash, landing pad) or 0xffff
    // (cold), any other 0xfffff; an edge that leaves the loop headed by H
    // weighs 31 times less (124:4), whatever its successor weighs. They
    // decide when any of them applies: a loop's latch that is a switch
    // with an unreachable default still keeps its exit at 1 in 32.
    bool Estimated = false;
    for (unsigned K = 0; K < Count; ++K) {
        unsigned S = G.Succ[First + K];
        Rarity R = edgeRarity(G, Rare, B, S);
        W[K] = R == Rarity::Never ? 1.0 : R != Rarity::Normal ? 65535.0 : 1048575.0;
        Estimated |= R != Rarity::Normal;
        if (H != BlockGraph::None && !loopContains(G, H, S)) {
            W[K] = std::max(1.0, std::floor(W[K] / 31.0));
            Estimated = true;
        }
    }
    if (Estimated)
        return;
    W.assign(Count, 1.0);
    auto *Br = dyn_cast<BranchInst>(Term);
    if (Br && Br->isConditional() && Count == 2) {
        double T, F;
        if (comparisonWeights(Br, T, F)) {
            W[0] = T;
            W[1] = F;
        }
    }
}

// Per block of F (F's order, into Freq[0..G.N)), how often it runs per
// call, estimated the way BlockFrequencyInfo does it but on BlockGraph's
// arrays: the calls flow from the entry along the edges in the shares
// edgeWeights gives them; a loop is first solved alone (one iteration from
// its header: what comes back to it, what leaves by which exit), then seen
// from outside as one node whose entries run its header 1 / (1 - what
// comes back) times, as BlockFrequencyInfo scales a loop (up to three
// levels deep), and whose exits share what entered it. Without this, the
// call profile counted a call behind a branch as made on every call.
// PerEntry (optional, N entries): per loop header, how often it runs per
// entry of its loop (the scale above); 1 for other blocks.
void staticBlockFreqs(const BlockGraph &G, double *Freq, double *PerEntry = nullptr) {
    const unsigned None = BlockGraph::None, N = G.N;
    std::fill(Freq, Freq + N, 0.0);
    if (PerEntry)
        std::fill(PerEntry, PerEntry + N, 1.0);
    if (N == 0 || G.Order.empty())
        return;
    SmallVector<Rarity, 32> Rare;
    blockRarity(G, Rare);
    // Regions: one per loop (by header), the function's body last. A node
    // of a region is a block directly in it or the header of a loop
    // directly in it, which stands for that whole loop. Nodes in reverse
    // postorder: every forward edge goes down the list.
    SmallVector<unsigned, 8> Headers; // inner loops first (ascending postorder)
    for (unsigned B : G.Order)
        if (G.Inner[B] == B)
            Headers.push_back(B);
    const unsigned Top = (unsigned)Headers.size();
    DenseMap<unsigned, unsigned> RegionOf; // header -> region
    for (unsigned I = 0; I < Top; ++I)
        RegionOf[Headers[I]] = I;
    auto Region = [&](unsigned H) { return H == None ? Top : RegionOf.lookup(H); };
    SmallVector<SmallVector<unsigned, 8>, 4> Nodes(Top + 1);
    for (unsigned P = (unsigned)G.Order.size(); P-- > 0;) {
        unsigned B = G.Order[P];
        if (G.Inner[B] == B)
            Nodes[Region(G.Outer[B])].push_back(B);
        Nodes[Region(G.Inner[B])].push_back(B);
    }
    SmallVector<double, 32> Local(N, 0.0), Entry(N, 0.0), Mass(N, 0.0);
    // Per loop, its exits: (target block, share of what entered the loop).
    SmallVector<SmallVector<std::pair<unsigned, double>, 2>, 4> Exits(Top);
    SmallVector<double, 4> Scales(Top, 1.0);
    SmallVector<double, 4> W;
    for (unsigned Rg = 0; Rg <= Top; ++Rg) {
        const unsigned H = Rg == Top ? None : Headers[Rg];
        const unsigned Start = Rg == Top ? 0 : H; // block 0 is the entry
        SmallVector<std::pair<unsigned, double>, 4> Out;
        double Back = 0.0; // what goes around again per run of the header
        auto Send = [&](unsigned T, double M) {
            if (T == H) {
                Back += M; // counted by the loop's scale
                return;
            }
            if (H == None || loopContains(G, H, T)) {
                Mass[T] += M;
                return;
            }
            for (auto &E : Out)
                if (E.first == T) {
                    E.second += M;
                    return;
                }
            Out.push_back({T, M});
        };
        for (unsigned B : Nodes[Rg])
            Mass[B] = 0.0;
        Mass[Start] = 1.0;
        for (unsigned B : Nodes[Rg]) {
            double M = Mass[B];
            if (B != H && G.Inner[B] == B) { // a loop inside: through its exits
                Entry[B] = M;
                for (auto &E : Exits[RegionOf.lookup(B)])
                    Send(E.first, M * E.second);
                continue;
            }
            Local[B] = M;
            if (M == 0.0)
                continue;
            edgeWeights(G, Rare, B, H, W);
            double Sum = 0.0;
            for (double X : W)
                Sum += X;
            for (unsigned K = 0; K < W.size(); ++K)
                Send(G.Succ[G.SuccFirst[B] + K], M * W[K] / Sum);
        }
        if (Rg == Top)
            break;
        // What entered leaves by the exits in their shares; when branch
        // weights give every exit 0 (profile data), it still leaves: evenly.
        double Left = 0.0;
        for (auto &E : Out)
            Left += E.second;
        for (auto &E : Out)
            Exits[Rg].push_back({E.first, Left > 0.0 ? E.second / Left : 1.0 / (double)Out.size()});
        // BlockFrequencyInfo's loop scale: the header runs 1 / (what does
        // not come back) times per entry, 32 for a loop left only by the
        // test at its head (124:4); a loop nothing leaves, 4096.
        // Deeper than three loops, no further scale: an estimate bounded by
        // that, not a power of the nesting depth (docs/scoring.md).
        Scales[Rg] = G.Depth[H] > 3 ? 1.0 : Back < 1.0 ? std::min(1.0 / (1.0 - Back), 4096.0) : 4096.0;
    }
    // Outer loops first: a header runs its loop's scale times per entry.
    SmallVector<double, 8> Runs(Top, 0.0);
    for (unsigned I = Top; I-- > 0;) {
        unsigned H = Headers[I];
        double Around = G.Outer[H] == None ? 1.0 : Runs[RegionOf.lookup(G.Outer[H])];
        Runs[I] = Around * Entry[H] * Scales[I];
        if (PerEntry)
            PerEntry[H] = Scales[I];
    }
    for (unsigned B = 0; B < N; ++B)
        if (G.Post[B] != None)
            Freq[B] = Local[B] * (G.Inner[B] == None ? 1.0 : Runs[RegionOf.lookup(G.Inner[B])]);
}

} // namespace

// The static estimate guesses a loop's iterations from its branches alone
// (~32 per entry for a loop left only by the test at its head); SCEV knows
// the count of a counted loop. Per loop (Order's index), the factor that
// turns the estimate's runs of the latch per entry (one per body
// iteration, rotated or tested at the top) into SCEV's constant count of
// iterations (1 when it is unknown). Blocks multiply the factors of every
// loop they are in: each factor is relative to its loop's own entry, so the
// product is right for nested loops. Freq and PerEntry are
// staticBlockFreqs' answers on G.
static SmallVector<double, 8> knownTripScales(const SmallVectorImpl<Loop *> &Order, const BlockGraph &G,
                                              const double *Freq, const double *PerEntry, ScalarEvolution *SE,
                                              const SmallVectorImpl<bool> &Wanted) {
    SmallVector<double, 8> Scale(Order.size(), 1.0);
    for (size_t I = 0; I < Order.size(); ++I) {
        if (!Wanted[I])
            continue;
        Loop *L = Order[I];
        unsigned Trip = SE->getSmallConstantTripCount(L);
        BasicBlock *H = L->getHeader(), *Latch = L->getLoopLatch();
        if (Trip == 0 || !Latch)
            continue;
        bool TopTested = Latch != H && L->getExitingBlock() == H;
        double Iterations = TopTested ? (double)Trip - 1 : (double)Trip;
        unsigned HI = G.Id.lookup(H);
        double LatchFreq = Freq[G.Id.lookup(Latch)];
        double Entries = Freq[HI] / PerEntry[HI];
        double Factor = Iterations * Entries / LatchFreq;
        if (Iterations >= 1 && std::isfinite(Factor) && Factor > 0)
            Scale[I] = Factor;
    }
    return Scale;
}

// The dominator tree, loops and ScalarEvolution of one function, for
// pa_bridge_function_loops alone. Nothing in the pipeline has them cached
// where perfadvise runs, and what the pass manager caches stays alive until
// the function changes: at OptimizerLast only module passes that ask for
// none of them follow, so every function's ScalarEvolution was kept to the
// end of the pipeline, each in fresh memory. Built here and freed when the
// function's loops are read, the next function reuses the same memory.
// They are the analyses LLVM's passes compute (DominatorTreeAnalysis,
// LoopAnalysis, ScalarEvolutionAnalysis) on the same IR, so the answers are
// the same; a cached result is used as is. The early phase is followed by
// IPSCCP, which asks the pass manager for every function's dominator tree:
// there the tree is computed through the pass manager and left for it
// (ShareDominators).
class FunctionLoopAnalyses {
  public:
    FunctionLoopAnalyses(FunctionAnalysisManager &FAM, Function &F, bool ShareDominators)
        : FAM(FAM), F(F), ShareDominators(ShareDominators) {}
    LoopInfo &loops() {
        if (LoopInfo *Cached = FAM.getCachedResult<LoopAnalysis>(F))
            return *Cached;
        if (!OwnLoops) {
            OwnLoops.emplace();
            OwnLoops->analyze(dominators());
        }
        return *OwnLoops;
    }
    ScalarEvolution &scev() {
        if (ScalarEvolution *Cached = FAM.getCachedResult<ScalarEvolutionAnalysis>(F))
            return *Cached;
        if (!OwnSCEV)
            OwnSCEV.emplace(F, FAM.getResult<TargetLibraryAnalysis>(F), FAM.getResult<AssumptionAnalysis>(F),
                            dominators(), loops());
        return *OwnSCEV;
    }

  private:
    DominatorTree &dominators() {
        if (ShareDominators)
            return FAM.getResult<DominatorTreeAnalysis>(F);
        if (DominatorTree *Cached = FAM.getCachedResult<DominatorTreeAnalysis>(F))
            return *Cached;
        if (!OwnTree)
            OwnTree.emplace(F);
        return *OwnTree;
    }
    FunctionAnalysisManager &FAM;
    Function &F;
    bool ShareDominators;
    // Declared in the order they depend on each other: destroyed in reverse.
    std::optional<DominatorTree> OwnTree;
    std::optional<LoopInfo> OwnLoops;
    std::optional<ScalarEvolution> OwnSCEV;
};

extern "C" {

int pa_bridge_function_loops(pa_bridge *b, LLVMValueRef fn, bool every_loop, const unsigned char *wanted_blocks,
                             pa_bridge_block **blocks, pa_bridge_loop **loops, size_t *nloops) {
    *blocks = nullptr;
    *loops = nullptr;
    *nloops = 0;
    auto *F = dyn_cast_or_null<Function>(unwrap(fn));
    if (!b || !b->FAM || !F || F->isDeclaration())
        return -1;
    // The block frequencies are the static estimate the call profile uses
    // (staticBlockFreqs), not BlockFrequencyInfo: one estimate for every
    // reader, and BlockFrequencyInfo with BranchProbabilityInfo and the
    // post-dominator tree under it was a sixth of the plugin's cost.
    BlockGraph G;
    buildBlockGraph(*F, G);
    noteRareCalls(G, b);
    size_t NB = G.N;
    SmallVector<double, 32> Freq(NB ? NB : 1, 1.0), PerEntry(NB ? NB : 1, 1.0);
    staticBlockFreqs(G, Freq.data(), PerEntry.data());
    b->LastFreqFn = F;
    b->LastFreq.assign(Freq.begin(), Freq.begin() + NB);
    bool AnyLoop = std::any_of(G.Depth.begin(), G.Depth.end(), [](unsigned D) { return D > 0; });
    // LoopInfo (and the dominator tree under it) only where there is a loop.
    FunctionLoopAnalyses Analyses(*b->FAM, *F, b->ShareDominators);
    LoopInfo *LI = AnyLoop ? &Analyses.loops() : nullptr;
    SmallVector<Loop *, 8> Order;
    if (LI)
        Order = LI->getLoopsInPreorder();
    auto *Blocks = static_cast<pa_bridge_block *>(std::calloc(NB ? NB : 1, sizeof(pa_bridge_block)));
    auto *Loops = static_cast<pa_bridge_loop *>(std::calloc(Order.empty() ? 1 : Order.size(), sizeof(pa_bridge_loop)));
    if (!Blocks || !Loops) {
        std::free(Blocks);
        std::free(Loops);
        return -1;
    }
    if (Order.empty()) {
        for (size_t I = 0; I < NB; ++I) {
            Blocks[I].loop = -1;
            Blocks[I].depth = 0;
            Blocks[I].freq = Freq[I];
        }
        *blocks = Blocks;
        *loops = Loops;
        return 0;
    }
    // SCEV's trip counts cost ~650,000 instructions a loop on sqlite3.c;
    // only loops with a call in them (or around a block the caller wants)
    // have a reader (see bridge.h).
    DenseMap<const Loop *, int> Index;
    for (size_t I = 0; I < Order.size(); ++I)
        Index[Order[I]] = (int)I;
    SmallVector<bool, 8> Wanted(Order.size(), every_loop);
    if (!every_loop) {
        size_t At = 0;
        for (BasicBlock &BB : *F) {
            bool Read = false;
            if (wanted_blocks) {
                Read = wanted_blocks[At] != 0;
            } else {
                // An intrinsic (lifetime markers, min/max, memcpy) has no
                // reader of a loop's facts: none is a function with a summary.
                for (Instruction &Inst : BB)
                    if (isa<CallBase>(Inst) && !isa<IntrinsicInst>(Inst)) {
                        Read = true;
                        break;
                    }
            }
            ++At;
            if (!Read)
                continue;
            for (Loop *In = LI->getLoopFor(&BB); In; In = In->getParentLoop())
                Wanted[(size_t)Index.lookup(In)] = true;
        }
    }
    ScalarEvolution *SE = std::find(Wanted.begin(), Wanted.end(), true) == Wanted.end()
                              ? nullptr
                              : &Analyses.scev();
    for (size_t I = 0; I < Order.size(); ++I) {
        Loop *L = Order[I];
        pa_bridge_loop &Out = Loops[I];
        Out.parent = L->getParentLoop() ? Index.lookup(L->getParentLoop()) : -1;
        Out.depth = L->getLoopDepth();
        Out.header = wrap(L->getHeader());
        if (!Wanted[I])
            continue;
        // SCEV's trip count is how often the header runs. A loop that tests
        // its condition at the top and leaves only there (not yet rotated:
        // the lock analysis runs early) runs its body once less:
        // `for (i = 0; i < 8; i++)` is 8 iterations, not 9.
        BasicBlock *Latch = L->getLoopLatch();
        bool TopTested = Latch && Latch != L->getHeader() && L->getExitingBlock() == L->getHeader();
        unsigned Less = TopTested ? 1 : 0;
        Out.trip_count = SE->getSmallConstantTripCount(L);
        Out.max_trip_count = SE->getSmallConstantMaxTripCount(L);
        if (Out.trip_count > 1)
            Out.trip_count -= Less;
        if (Out.max_trip_count > 1)
            Out.max_trip_count -= Less;
        const SCEV *BTC = SE->getBackedgeTakenCount(L);
        if (!isa<SCEVCouldNotCompute>(BTC) && BTC->getType()->isIntegerTy()) {
            const SCEV *Trip = TopTested ? BTC : SE->getAddExpr(BTC, SE->getOne(BTC->getType()));
            copyOut(readableSCEV(Trip), Out.trip_text, sizeof Out.trip_text);
        } else {
            // Loops that may also leave early (exceptions, breaks) still have
            // a symbolic bound worth showing: "at most n".
            const SCEV *Max = SE->getSymbolicMaxBackedgeTakenCount(L);
            if (!isa<SCEVCouldNotCompute>(Max) && Max->getType()->isIntegerTy() && !isa<SCEVConstant>(Max)) {
                const SCEV *Trip = TopTested ? Max : SE->getAddExpr(Max, SE->getOne(Max->getType()));
                copyOut(readableSCEV(Trip), Out.max_trip_text, sizeof Out.max_trip_text);
            }
        }
    }
    SmallVector<double, 8> Scale = knownTripScales(Order, G, Freq.data(), PerEntry.data(), SE, Wanted);
    size_t I = 0;
    for (BasicBlock &BB : *F) {
        Loop *L = LI->getLoopFor(&BB);
        Blocks[I].loop = L ? Index.lookup(L) : -1;
        Blocks[I].depth = L ? L->getLoopDepth() : 0;
        double Rel = Freq[I];
        for (Loop *In = L; In; In = In->getParentLoop())
            Rel *= Scale[Index.lookup(In)];
        Blocks[I].freq = Rel;
        ++I;
    }
    *blocks = Blocks;
    *loops = Loops;
    *nloops = Order.size();
    return 0;
}

void pa_bridge_set_error_report_test(pa_bridge *b, bool (*reports_error)(const char *name))
{
    if (b)
        b->ReportsError = reports_error;
}

int pa_bridge_block_freqs(pa_bridge *b, LLVMValueRef fn, double *freqs, size_t n)
{
    auto *F = dyn_cast_or_null<Function>(unwrap(fn));
    if (!b || !b->FAM || !F || F->isDeclaration() || F->size() != n)
        return -1;
    // Test hook (lit/profile_loop_depth.c): compare with LoopInfo.
    static const bool Check = [] {
        const char *E = std::getenv("PERFADVISE_CHECK_LOOP_DEPTHS");
        return E && std::strcmp(E, "1") == 0;
    }();
    // Benchmark hook (bench/static_freqs_vs_bfi.py): the estimate per block.
    static const bool Dump = [] {
        const char *E = std::getenv("PERFADVISE_DUMP_BLOCK_FREQS");
        return E && std::strcmp(E, "1") == 0;
    }();
    if (b->LastFreqFn == F && b->LastFreq.size() == n && !Check && !Dump) {
        std::copy(b->LastFreq.begin(), b->LastFreq.end(), freqs);
        return 0;
    }
    // The static estimate, as for the loops of pa_bridge_function_loops.
    BlockGraph G;
    buildBlockGraph(*F, G);
    noteRareCalls(G, b);
    if (Check) {
        LoopInfo &LI = b->FAM->getResult<LoopAnalysis>(*F);
        size_t I = 0;
        for (BasicBlock &BB : *F) {
            if (LI.getLoopDepth(&BB) != G.Depth[I])
                errs() << "perfadvise: loop depth of block " << I << " of " << F->getName() << ": "
                       << G.Depth[I] << ", LoopInfo says " << LI.getLoopDepth(&BB) << "\n";
            ++I;
        }
    }
    staticBlockFreqs(G, freqs); // G.N == n, checked above
    if (Dump)
        for (unsigned I = 0; I < G.N; ++I)
            errs() << "perfadvise-freq " << F->getName() << " " << G.Blocks[I]->getName() << " " << freqs[I]
                   << " " << G.Depth[I] << "\n";
    return 0;
}

int pa_bridge_gep_offset(pa_bridge *b, LLVMValueRef gep, int64_t *offset) {
    auto *G = dyn_cast_or_null<GEPOperator>(unwrap(gep));
    if (!b || !b->M || !G)
        return 0;
    const DataLayout &DL = b->M->getDataLayout();
    APInt Off(DL.getIndexTypeSizeInBits(G->getType()), 0);
    if (!G->accumulateConstantOffset(DL, Off) || Off.getSignificantBits() > 63)
        return 0;
    *offset = Off.getSExtValue();
    return 1;
}

int pa_bridge_gep_array_offset(pa_bridge *b, LLVMValueRef gep, int64_t *offset, int64_t *in_element,
                               int *indexes_pointer) {
    auto *G = dyn_cast_or_null<GEPOperator>(unwrap(gep));
    if (!b || !b->M || !G)
        return 0;
    const DataLayout &DL = b->M->getDataLayout();
    int64_t Off = 0;
    bool Found = false, First = true;
    *in_element = 0;
    *indexes_pointer = 0;
    for (gep_type_iterator GTI = gep_type_begin(G), E = gep_type_end(G); GTI != E; ++GTI, First = false) {
        auto *C = dyn_cast<ConstantInt>(GTI.getOperand());
        if (!C) {
            if (Found) {
                *in_element = -1; // a second variable index: no one offset inside the element
                return 1;
            }
            *offset = Off; // the first variable index: the array starts here
            // The pointer operand points at an element of an array of
            // structs (`&jobs[i]`, jobs a job_t *), not into an object.
            *indexes_pointer = First && G->getSourceElementType()->isStructTy();
            Found = true;
            Off = 0;
            continue;
        }
        if (StructType *ST = GTI.getStructTypeOrNull())
            Off += (int64_t)DL.getStructLayout(ST)->getElementOffset((unsigned)C->getZExtValue());
        else
            Off += C->getSExtValue() * (int64_t)GTI.getSequentialElementStride(DL).getFixedValue();
    }
    if (Found)
        *in_element = Off;
    return Found ? 1 : 0;
}

int pa_bridge_field_name(pa_bridge *b, LLVMValueRef base, int64_t offset, int through_slot, char *buf,
                         size_t bufsize) {
    Value *V = unwrap(base);
    if (!V || offset < 0)
        return 0;
    std::string Name;
    const DIType *T = objectTypeOf(V, through_slot != 0, Name, b);
    if (!T)
        return 0;
    // &g or &local itself: the object's own name.
    bool Named = isa<GlobalVariable>(V) || (!through_slot && declaredVariable(V));
    // At offset 0 an object only declared here is a handle of its own
    // (`struct my_mutex *m`), not a member: it stays the parameter's.
    if (!(Named && offset == 0) &&
        !appendMemberPath(T, (uint64_t)offset * 8, Name, offset > 0, Named ? nullptr : b) && offset != 0)
        return 0;
    copyOut(Name, buf, bufsize);
    return 1;
}

int pa_bridge_element_field_name(pa_bridge *b, LLVMValueRef base, LLVMValueRef gep, int64_t offset, char *buf,
                                 size_t bufsize) {
    auto *G = dyn_cast_or_null<GEPOperator>(unwrap(gep));
    Value *V = unwrap(base);
    if (!b || !b->M || !G || !V || offset < 0 || !G->getSourceElementType()->isSized())
        return 0;
    std::string Name;
    const DIType *T = objectTypeOf(V, false, Name, b);
    // The pointer's debug type must be the element the GEP steps over
    // (`(job_t *)head` indexes job_ts, not the head's type): the IR struct
    // is named after the C tag or typedef (`%struct.job_t`, `.3` when
    // uniqued), which must be the debug type's or one of its typedefs'.
    auto *ST = dyn_cast<StructType>(G->getSourceElementType());
    if (!T || !ST || !ST->hasName())
        return 0;
    StringRef IRName = ST->getName();
    IRName = IRName.substr(IRName.find('.') + 1);
    size_t Dot = IRName.rfind('.');
    if (Dot != StringRef::npos && Dot + 1 < IRName.size() &&
        IRName.substr(Dot + 1).find_first_not_of("0123456789") == StringRef::npos)
        IRName = IRName.substr(0, Dot);
    // A C++ class's IR name is qualified (`class.ns::Job`), its debug name not.
    size_t Colons = IRName.rfind("::");
    StringRef Unqualified = Colons == StringRef::npos ? IRName : IRName.substr(Colons + 2);
    bool Same = false;
    for (const DIType *At = T; At && !Same;) {
        Same = At->getName() == IRName || At->getName() == Unqualified;
        auto *D = dyn_cast<DIDerivedType>(At);
        if (!D || (D->getTag() != dwarf::DW_TAG_typedef && D->getTag() != dwarf::DW_TAG_const_type &&
                   D->getTag() != dwarf::DW_TAG_volatile_type))
            break;
        At = D->getBaseType();
    }
    uint64_t Bits = b->M->getDataLayout().getTypeAllocSizeInBits(ST).getFixedValue();
    if (!Same || stripQualifiers(T)->getSizeInBits() != Bits)
        return 0;
    return pa_bridge_field_name(b, base, offset, 0, buf, bufsize);
}

// The debug type of what `base` points to (its name in Name), for a member
// at a byte offset into it; nullptr when debug info does not say.
static const DIType *pointeeTypeFor(pa_bridge *b, LLVMValueRef base, int64_t offset, std::string &Name) {
    Value *V = unwrap(base);
    return V && offset >= 0 ? objectTypeOf(V, false, Name, b) : nullptr;
}

int pa_bridge_scalar_field_name(pa_bridge *b, LLVMValueRef base, int64_t offset, char *buf, size_t bufsize) {
    std::string Name;
    const DIType *T = pointeeTypeFor(b, base, offset, Name);
    if (!T)
        return 0;
    const DIType *At = appendMemberPath(T, (uint64_t)offset * 8, Name);
    // Into members that start where the outer one does, down to a scalar.
    for (int Depth = 0; At && Depth < 8 && isa<DICompositeType>(stripQualifiers(At)); ++Depth)
        At = appendMemberPath(At, 0, Name);
    if (!At || Name.find('.') == std::string::npos)
        return 0;
    copyOut(Name, buf, bufsize);
    return 1;
}

int pa_bridge_member_name(pa_bridge *b, LLVMValueRef base, int64_t offset, char *buf, size_t bufsize) {
    std::string Name;
    const DIType *T = pointeeTypeFor(b, base, offset, Name);
    // Named by the base class that declares it, as pa_bridge_field_name
    // names a member lock (one member, one name).
    const DIType *At = T ? appendMemberPath(T, (uint64_t)offset * 8, Name, false, b) : nullptr;
    // Into structs that start where the outer member does (`sp.p`, not the
    // whole `sp`), as deep as debug info goes: the deepest member found.
    for (int Depth = 0; At && Depth < 8; ++Depth) {
        auto *C = dyn_cast_or_null<DICompositeType>(stripQualifiers(At));
        if (!C || C->getTag() == dwarf::DW_TAG_array_type)
            break;
        std::string Deeper = Name;
        const DIType *Inner = appendMemberPath(At, 0, Deeper);
        if (!Inner)
            break;
        Name = std::move(Deeper);
        At = Inner;
    }
    // A pointer in an array member is one of several: no name of its own.
    auto *AtC = At ? dyn_cast<DICompositeType>(stripQualifiers(At)) : nullptr;
    if (!At || (AtC && AtC->getTag() == dwarf::DW_TAG_array_type) || Name.find('.') == std::string::npos)
        return 0;
    copyOut(Name, buf, bufsize);
    return 1;
}

int pa_bridge_object_type_name(pa_bridge *b, LLVMValueRef base, int64_t offset, int through_slot, char *buf,
                               size_t bufsize) {
    Value *V = unwrap(base);
    if (!V || offset < 0)
        return 0;
    std::string Name, Path;
    const DIType *T = objectTypeOf(V, through_slot != 0, Name, b);
    if (!T)
        return 0;
    const DIType *At = offset == 0 ? T : appendMemberPath(T, (uint64_t)offset * 8, Path);
    if (offset == 0) {
        // The first member also starts at 0: prefer it when T is a struct
        // wrapping the lock (struct conn { pthread_mutex_t lock; ... }).
        std::string Inner;
        if (const DIType *First = appendMemberPath(T, 0, Inner))
            if (!typeName(First).empty() && isa<DICompositeType>(stripQualifiers(T)) &&
                cast<DICompositeType>(stripQualifiers(T))->getTag() == dwarf::DW_TAG_structure_type)
                At = First;
    }
    std::string TN = typeName(At);
    if (TN.empty())
        return 0;
    copyOut(TN, buf, bufsize);
    return 1;
}

int pa_bridge_global_int_at(pa_bridge *b, LLVMValueRef global, int64_t offset, unsigned bytes, int64_t *out) {
    auto *GV = dyn_cast_or_null<GlobalVariable>(unwrap(global));
    if (!b || !b->M || !GV || !GV->hasDefinitiveInitializer() || offset < 0 || bytes == 0 || bytes > 8)
        return 0;
    const DataLayout &DL = b->M->getDataLayout();
    Type *IntTy = IntegerType::get(GV->getContext(), bytes * 8);
    Constant *C = ConstantFoldLoadFromConst(GV->getInitializer(), IntTy, APInt(64, (uint64_t)offset), DL);
    auto *CI = dyn_cast_or_null<ConstantInt>(C);
    if (!CI)
        return 0;
    *out = CI->getSExtValue();
    return 1;
}

int pa_bridge_subprogram_is_local(LLVMMetadataRef sp) {
    auto *SP = dyn_cast_or_null<DISubprogram>(unwrap(sp));
    return SP && SP->isLocalToUnit() ? 1 : 0;
}

namespace {

// A caller's calls (Begin..End of Calls, all in F) into program order, with
// their block indices.
void orderCallsOf(const Function &F, pa_bridge_call *Begin, pa_bridge_call *End) {
    // Indices for the blocks that hold one of the calls only.
    DenseMap<const BasicBlock *, size_t> Index;
    for (pa_bridge_call *C = Begin; C != End; ++C)
        Index[cast<Instruction>(unwrap(C->inst))->getParent()] = 0;
    size_t At = 0;
    for (const BasicBlock &BB : F) {
        auto It = Index.find(&BB);
        if (It != Index.end())
            It->second = At;
        ++At;
    }
    for (pa_bridge_call *C = Begin; C != End; ++C)
        C->block = Index.lookup(cast<Instruction>(unwrap(C->inst))->getParent());
    // comesBefore numbers a block's instructions once, then compares two
    // numbers: only blocks with two calls or more are walked.
    std::sort(Begin, End, [](const pa_bridge_call &A, const pa_bridge_call &B) {
        return A.block != B.block ? A.block < B.block
                                  : cast<Instruction>(unwrap(A.inst))->comesBefore(cast<Instruction>(unwrap(B.inst)));
    });
}

} // namespace

int pa_bridge_direct_calls(pa_bridge *b, int ordered, pa_bridge_call **calls, size_t *ncalls) {
    *calls = nullptr;
    *ncalls = 0;
    if (!b || !b->M)
        return -1;
    SmallVector<pa_bridge_call, 0> Found;
    visitDirectCalls(b, [&Found](CallBase &CB, Function &Callee) {
        if (isa<CallInst>(CB) || isa<InvokeInst>(CB))
            Found.push_back({wrap(CB.getFunction()), wrap(&CB), wrap(&Callee), 0});
    });
    if (Found.empty())
        return 0;
    auto *Out = static_cast<pa_bridge_call *>(std::malloc(Found.size() * sizeof(pa_bridge_call)));
    if (!Out)
        return -1;
    if (!ordered) {
        std::copy(Found.begin(), Found.end(), Out);
    } else {
        // Grouped by caller (a counting sort), then each group in order.
        DenseMap<const Function *, unsigned> Position; // the caller's place in the module
        for (const Function &F : *b->M) {
            unsigned Place = Position.size();
            Position[&F] = Place;
        }
        SmallVector<size_t, 0> First(Position.size() + 1, 0);
        for (const pa_bridge_call &C : Found)
            ++First[Position.lookup(unwrap<Function>(C.caller)) + 1];
        for (size_t I = 1; I < First.size(); ++I)
            First[I] += First[I - 1];
        SmallVector<size_t, 0> Next(First.begin(), First.end() - 1);
        for (const pa_bridge_call &C : Found)
            Out[Next[Position.lookup(unwrap<Function>(C.caller))]++] = C;
        for (size_t I = 0; I + 1 < First.size(); ++I)
            if (First[I + 1] > First[I])
                orderCallsOf(*unwrap<Function>(Out[First[I]].caller), Out + First[I], Out + First[I + 1]);
    }
    *calls = Out;
    *ncalls = Found.size();
    return 0;
}

int pa_bridge_variable_name(LLVMValueRef v, char *buf, size_t bufsize) {
    Value *V = unwrap(v);
    const DILocalVariable *Var = V ? sourceVariable(V) : nullptr;
    if (!Var)
        return 0;
    copyOut(Var->getName().str(), buf, bufsize);
    return 1;
}

// A source variable of an inlined user function, not of F (nor the
// standard library's `__str`, nor a compiler-made `this`).
static bool calleeVariable(const DILocalVariable *Var, const Function *F) {
    return Var && !Var->isArtificial() && !Var->getName().empty() &&
           !Var->getName().starts_with("__") && !ownVariable(Var, F);
}

int pa_bridge_holds_own_variable(LLVMValueRef alloca) {
    auto *A = dyn_cast_or_null<AllocaInst>(unwrap(alloca));
    if (!A || !A->getFunction())
        return 0;
    const Function *F = A->getFunction();
    if (!ownVariable(declaredVariable(A), F))
        return 0;
    // The slot also holds an inlined callee's local: the callee built it
    // there (`std::string k = build(n);`, build's `r` returned in k).
    if (slotVariable(A, calleeVariable))
        return 0;
    // The callee's local returned by value lives in the caller's slot:
    // its debug values say it is at *A (DW_OP_deref).
    SmallVector<DbgValueInst *, 2> Intrinsics;
    SmallVector<DbgVariableRecord *, 2> Records;
    findDbgValues(Intrinsics, A, &Records);
    for (DbgVariableRecord *R : Records)
        if (R->getExpression() && R->getExpression()->isDeref() && calleeVariable(R->getVariable(), F))
            return 0;
    for (DbgValueInst *I : Intrinsics)
        if (I->getExpression() && I->getExpression()->isDeref() && calleeVariable(I->getVariable(), F))
            return 0;
    return 1;
}

LLVMValueRef pa_bridge_aliased_function(LLVMValueRef v) {
    Function *F = functionOfAlias(unwrap(v));
    return F ? wrap(F) : v;
}

// The function a call through an alias reaches: the CallBase answers
// attribute questions from getCalledFunction(), which is null for an
// alias, so its callee's attributes are asked here too.
static const Function *aliasedCallee(const CallBase *CB) {
    return functionOfAlias(CB->getCalledOperand()->stripPointerCasts());
}

unsigned pa_bridge_call_arg_flags(LLVMValueRef call, unsigned i) {
    auto *CB = dyn_cast_or_null<CallBase>(unwrap(call));
    if (!CB || i >= CB->arg_size())
        return 0;
    unsigned Flags = 0;
    const Function *AF = aliasedCallee(CB);
    if (CB->doesNotCapture(i) || (AF && AF->hasParamAttribute(i, Attribute::NoCapture)))
        Flags |= PA_ARG_NOCAPTURE;
    if (CB->onlyReadsMemory(i) || (AF && AF->onlyReadsMemory()))
        Flags |= PA_ARG_READONLY;
    if (CB->paramHasAttr(i, Attribute::Returned))
        Flags |= PA_ARG_RETURNED;
    if (CB->paramHasAttr(i, Attribute::StructRet))
        Flags |= PA_ARG_SRET;
    // A pointer the optimiser proved non-null here (InstCombine marks call
    // arguments nonnull after a dominating NULL check) or that the callee
    // requires non-null: a callee's NULL-only lock is not taken.
    if (CB->getArgOperand(i)->getType()->isPointerTy() &&
        (CB->paramHasAttr(i, Attribute::NonNull) || CB->paramHasAttr(i, Attribute::Dereferenceable)))
        Flags |= PA_ARG_NONNULL;
    // What Function::doesNotFreeMemory says, asked at the call site too: a
    // read-only callee cannot free (free writes memory in LLVM's model).
    if (CB->paramHasAttr(i, Attribute::NoFree) || CB->hasFnAttr(Attribute::NoFree) ||
        CB->onlyReadsMemory() ||
        (AF && (AF->hasParamAttribute(i, Attribute::NoFree) || AF->doesNotFreeMemory())))
        Flags |= PA_ARG_NOFREE;
    return Flags;
}

unsigned pa_bridge_call_flags(LLVMValueRef call) {
    auto *CB = dyn_cast_or_null<CallBase>(unwrap(call));
    if (!CB)
        return 0;
    unsigned Flags = 0;
    const Function *AF = aliasedCallee(CB);
    if (CB->doesNotAccessMemory() || (AF && AF->doesNotAccessMemory()))
        Flags |= PA_CALL_NO_MEMORY | PA_CALL_READS_ONLY;
    else if (CB->onlyReadsMemory() || (AF && AF->onlyReadsMemory()))
        Flags |= PA_CALL_READS_ONLY;
    if (CB->doesNotReturn() || (AF && AF->doesNotReturn()))
        Flags |= PA_CALL_NORETURN;
    if (CB->getFunctionType()->isVarArg())
        Flags |= PA_CALL_VARIADIC;
    return Flags;
}

// One demangling per symbol for the process: the two phases, the
// configuration's qualified names and every call site ask for the same
// callees (~7,500 instructions a name on RocksDB's db_impl.cc). A host
// that runs pass pipelines in threads (an LTO backend) shares the cache
// under its lock.
char *pa_bridge_demangle(const char *mangled) {
    if (!mangled)
        return nullptr;
    static std::mutex CacheLock;
    static auto *Cache = new StringMap<std::string>(); // never freed: used until exit
    std::string D;
    {
        std::lock_guard<std::mutex> Guard(CacheLock);
        auto It = Cache->find(mangled);
        if (It != Cache->end()) {
            D = It->second;
        } else {
            D = llvm::demangle(mangled);
            // An LTO link of a large program meets every symbol in turn: a
            // bound keeps the cache to ~15 MB (C++ names average ~140
            // bytes mangled and demangled).
            if (Cache->size() >= 65536)
                Cache->clear();
            Cache->try_emplace(mangled, D);
        }
    }
    char *Out = static_cast<char *>(std::malloc(D.size() + 1));
    if (Out)
        std::memcpy(Out, D.c_str(), D.size() + 1);
    return Out;
}

} // extern "C"

// The function `where` lies in (or is) and the location a diagnostic about it
// names: the instruction's DILocation `inline_depth` steps up its inlinedAt
// chain. False when there is no defined function.
static bool diagnosticSite(LLVMValueRef where, unsigned inline_depth, Instruction *&I, Function *&F,
                           DebugLoc &DL) {
    Value *W = unwrap(where);
    I = dyn_cast_or_null<Instruction>(W);
    F = I ? I->getFunction() : dyn_cast_or_null<Function>(W);
    if (!F || F->isDeclaration())
        return false;
    if (I && I->getDebugLoc()) {
        const DILocation *Loc = I->getDebugLoc().get();
        for (unsigned Step = 0; Step < inline_depth && Loc && Loc->getInlinedAt(); ++Step)
            Loc = Loc->getInlinedAt();
        DL = DebugLoc(Loc);
    }
    return true;
}

extern "C" {

void pa_bridge_remark(pa_bridge *b, LLVMValueRef where, unsigned inline_depth, pa_remark_type type,
                      const char *pass, const char *name, const char *message) {
    Instruction *I = nullptr;
    Function *F = nullptr;
    DebugLoc DL;
    if (!b || !b->FAM || !diagnosticSite(where, inline_depth, I, F, DL))
        return;
    DiagnosticLocation Where = DL ? DiagnosticLocation(DL) : DiagnosticLocation(F->getSubprogram());
    const Value *Region = I ? static_cast<const Value *>(I->getParent()) : &F->getEntryBlock();
    if (type == PA_REMARK_WARNING) {
        F->getContext().diagnose(DiagnosticInfoOptimizationFailure(*F, Where, Twine(message)));
        return;
    }
    OptimizationRemarkEmitter &ORE = b->FAM->getResult<OptimizationRemarkEmitterAnalysis>(*F);
    if (type == PA_REMARK_MISSED) {
        OptimizationRemarkMissed R(pass, name, Where, Region);
        R << message;
        ORE.emit(R);
    } else {
        OptimizationRemarkAnalysis R(pass, name, Where, Region);
        R << message;
        ORE.emit(R);
    }
}

void pa_bridge_diagnostic(pa_bridge *b, LLVMValueRef where, unsigned inline_depth, int error,
                          const char *flag, const char *message) {
    Instruction *I = nullptr;
    Function *F = nullptr;
    DebugLoc DL;
    if (!b || !diagnosticSite(where, inline_depth, I, F, DL))
        return;
    std::string Text = (Twine(message) + " [-W" + flag + "]").str();
    if (error) {
        // An error clang counts: the compile fails, whatever -Werror says.
        DiagnosticLocation Where =
            DL ? DiagnosticLocation(DL) : DiagnosticLocation(F->getSubprogram());
        F->getContext().diagnose(DiagnosticInfoUnsupported(*F, Text, Where, DS_Error));
        return;
    }
    // A warning printed the way clang prints one (GCC's format), but not
    // through clang's diagnostics engine: -Werror cannot promote it.
    raw_ostream &OS = errs();
    if (DL && !DL->getFilename().empty()) {
        OS << DL->getFilename() << ':' << DL.getLine() << ':';
        if (DL.getCol())
            OS << DL.getCol() << ':';
        OS << ' ';
    } else if (const DISubprogram *SP = F->getSubprogram()) {
        OS << SP->getFilename() << ':' << SP->getLine() << ": ";
    } else {
        OS << F->getParent()->getSourceFileName() << ": ";
    }
    OS << "warning: " << Text << '\n';
    OS.flush();
}

int pa_bridge_option_warnings(void) {
    if (WarningsAsErrors)
        return 2;
    if (Warnings.getNumOccurrences())
        return Warnings ? 1 : 0;
    return -1;
}

const char *pa_bridge_option_output_dir(void) {
    return OutputDir.empty() ? nullptr : OutputDir.c_str();
}

const char *pa_bridge_option_locks_at(void) {
    return LocksAt.empty() ? nullptr : LocksAt.c_str();
}

long pa_bridge_option_stack_max(void) { return StackMax; }

int pa_bridge_option_embed(void) {
    return Embed.getNumOccurrences() > 0 ? (Embed ? 1 : 0) : -1;
}

int pa_bridge_module_is_elf(LLVMModuleRef M) {
    Module *Mod = unwrap(M);
    return Mod && Triple(Mod->getTargetTriple()).isOSBinFormatELF() ? 1 : 0;
}

const char *pa_bridge_option_config(void) {
    return ConfigFile.empty() ? nullptr : ConfigFile.c_str();
}

const char *pa_bridge_llvm_version(void) { return LLVM_VERSION_STRING; }

// The plugin entry point clang and opt look up by name.
LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default"))) ::llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
    return {LLVM_PLUGIN_API_VERSION, "perfadvise", PA_VERSION, [](PassBuilder &PB) {
                // -fpass-plugin, at two points of the -O0..-O3 pipelines
                // (isRequired: also at -O0). Early, after SROA and before
                // inlining, guard objects, their destructors and the
                // callees handed a guard are still calls with names: the
                // lock analysis runs there. Late, after inlining and
                // dead-allocation removal, findings describe the
                // allocations that really run; that run writes the file.
                PB.registerPipelineEarlySimplificationEPCallback(
                    [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(PerfAdvisePass(PA_PHASE_EARLY)); });
                PB.registerOptimizerLastEPCallback(
                    [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(PerfAdvisePass(PA_PHASE_LATE)); });
                // opt -passes=perfadvise
                PB.registerPipelineParsingCallback(
                    [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
                        // perfadvise: everything on the IR given; -early and
                        // -late: one phase, as -fpass-plugin runs them.
                        if (Name == "perfadvise")
                            MPM.addPass(PerfAdvisePass(PA_PHASE_ALL));
                        else if (Name == "perfadvise-early")
                            MPM.addPass(PerfAdvisePass(PA_PHASE_EARLY));
                        else if (Name == "perfadvise-late")
                            MPM.addPass(PerfAdvisePass(PA_PHASE_LATE));
                        else
                            return false;
                        return true;
                    });
            }};
}

} // extern "C"
